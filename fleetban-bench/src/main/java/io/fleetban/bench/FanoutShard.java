package io.fleetban.bench;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of {@code bench fanout}'s simulated fleet: a {@link FanoutFleet} of some of its hosts, driven by the bench
 * ({@link FanoutShards}) over standard input and output, one line per command and one per answer.
 *
 * <p>Commands: {@code ping} (answered once the JVM runs), {@code start FIRST COUNT PARALLELISM} (hosts FIRST to
 * FIRST+COUNT-1), {@code stop}, {@code track IP...}, {@code clear}, {@code holding N}, {@code holding-at-least N},
 * {@code fetches} and {@code memory} (heap after a full GC and RSS, in bytes, grown since the last start began).
 * Each is answered {@code ok [VALUE...]} or {@code error MESSAGE}. Besides, every {@value #REPORT_MS} ms, {@code
 * arrivals IP NEW_HOSTS LAST_MILLIS} for each tracked address more hosts applied since the last report. End of input
 * stops the hosts and the JVM.
 *
 * <p>Arguments: the work directory and the file of the hosts' common fleetban.conf lines.
 */
final class FanoutShard {

    private static final int REPORT_MS = 20;

    private final Path workDir;
    private final List<String> hostConf;
    private final PrintStream out;
    private final FanoutTally tally = new FanoutTally();
    /** Per tracked address, the hosts already reported; guarded by {@code tally}. */
    private final Map<String, Integer> reported = new HashMap<>();

    private FanoutFleet fleet;
    private long heapBefore;
    private long rssBefore;

    FanoutShard(Path workDir, List<String> hostConf, PrintStream out) {
        this.workDir = workDir;
        this.hostConf = List.copyOf(hostConf);
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        // The answers own standard output; logging (Logback's console appender) goes to standard error, the log.
        final PrintStream out =
                new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        final Path workDir = Path.of(args[0]);
        final FanoutShard shard = new FanoutShard(workDir, Files.readAllLines(Path.of(args[1])), out);
        final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "fanout-shard-report");
            thread.setDaemon(true);
            return thread;
        });
        reporter.scheduleWithFixedDelay(shard::report, REPORT_MS, REPORT_MS, TimeUnit.MILLISECONDS);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                shard.answer(line);
            }
        } finally {
            reporter.shutdownNow();
            shard.stop();
        }
    }

    void answer(String line) {
        final String[] words = line.strip().split(" ");
        String answer;
        try {
            answer = "ok" + execute(words[0], Arrays.copyOfRange(words, 1, words.length));
        } catch (Exception e) {
            if (e.getCause() != null
                    || !(e instanceof IllegalArgumentException || e instanceof IllegalStateException)) {
                e.printStackTrace(); // into the shard's log: a host that could not start or stop
            }
            answer = "error "
                    + Objects.requireNonNullElse(e.getMessage(), e.toString()).replace('\n', ' ');
        }
        print(answer);
    }

    private String execute(String command, String[] args) throws Exception {
        switch (command) {
            case "start" -> {
                if (fleet != null) {
                    throw new IllegalStateException("hosts already started");
                }
                heapBefore = FanoutMeasures.heapAfterGc();
                rssBefore = FanoutMeasures.rssBytes();
                fleet = FanoutFleet.start(
                        workDir,
                        hostConf,
                        Integer.parseInt(args[0]),
                        Integer.parseInt(args[1]),
                        Integer.parseInt(args[2]),
                        tally);
                return "";
            }
            case "ping" -> {
                return "";
            }
            case "stop" -> {
                stop();
                return "";
            }
            case "track" -> {
                synchronized (tally) {
                    for (String ip : args) {
                        tally.track(ip);
                    }
                }
                return "";
            }
            case "clear" -> {
                synchronized (tally) {
                    tally.clear();
                    reported.clear();
                }
                return "";
            }
            case "holding" -> {
                return " " + started().holding(Integer.parseInt(args[0]));
            }
            case "holding-at-least" -> {
                return " " + started().holdingAtLeast(Integer.parseInt(args[0]));
            }
            case "fetches" -> {
                return " " + (long) started().fetchRequests();
            }
            case "memory" -> {
                return " " + (FanoutMeasures.heapAfterGc() - heapBefore) + " "
                        + (FanoutMeasures.rssBytes() - rssBefore);
            }
            default -> throw new IllegalArgumentException("unknown command: " + command);
        }
    }

    private FanoutFleet started() {
        if (fleet == null) {
            throw new IllegalStateException("no hosts started");
        }
        return fleet;
    }

    private void stop() {
        if (fleet != null) {
            fleet.close();
            fleet = null;
        }
    }

    /** What this shard's hosts applied: their backends write it. */
    FanoutTally tally() {
        return tally;
    }

    /** Reports the tracked addresses more hosts applied since the last report. */
    void report() {
        final StringBuilder lines = new StringBuilder();
        synchronized (tally) {
            tally.forEach((ip, arrivals) -> {
                final int hosts = arrivals.hosts();
                final int before = reported.getOrDefault(ip, 0);
                if (hosts > before) {
                    reported.put(ip, hosts);
                    lines.append(String.format(
                            Locale.ROOT, "arrivals %s %d %d%n", ip, hosts - before, arrivals.lastMillis()));
                }
            });
        }
        if (!lines.isEmpty()) {
            print(lines.toString().stripTrailing());
        }
    }

    private void print(String lines) {
        synchronized (out) {
            out.println(lines);
            out.flush();
        }
    }
}
