package io.fleetban.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench fanout}'s simulated fleet, in child JVMs of its own ({@link FanoutShard}s) apart from the bench's JVM,
 * which sends the bans and measures: the hosts run with JVM options of their own, and their CPU and heap are measured
 * alone. Several JVMs share the hosts evenly, so that a young pause stops only part of them. The shards' reports add
 * up here, in one {@link FanoutTally}.
 */
final class FanoutShards implements AutoCloseable {

    /** Memory the hosts took since their start: heap after a full GC and RSS, in bytes, summed over the shards. */
    record Memory(long heapBytes, long rssBytes) {}

    private static final int TRACK_CHUNK = 1000;
    private static final String EXITED = "error exited";
    private static final int STRAY_LINES = 3;

    /** {@code stray}: the last lines of its output that were neither answers nor reports. */
    private record Shard(
            int index, ChildJvm jvm, PrintWriter commands, BlockingQueue<String> answers, Deque<String> stray) {}

    private final List<Shard> shards = new ArrayList<>();
    private final FanoutTally tally = new FanoutTally();
    private int hosts;

    private FanoutShards() {}

    /** Starts {@code jvms} shard JVMs with {@code jvmOptions}, no hosts yet; {@code hostConf}: every host's lines. */
    static FanoutShards launch(int jvms, List<String> jvmOptions, Path workDir, List<String> hostConf)
            throws IOException {
        final Path conf = Files.write(workDir.resolve("hosts.conf"), hostConf);
        final FanoutShards fleet = new FanoutShards();
        try {
            for (int index = 0; index < jvms; index++) {
                final ChildJvm jvm = ChildJvm.startPiped(
                        "hosts JVM " + index,
                        jvmOptions,
                        FanoutShard.class,
                        List.of(workDir.toString(), conf.toString()),
                        workDir.resolve("hosts-" + index + ".log"));
                final Shard shard = new Shard(
                        index,
                        jvm,
                        new PrintWriter(new OutputStreamWriter(jvm.stdin(), StandardCharsets.UTF_8), true),
                        new LinkedBlockingQueue<>(),
                        new ConcurrentLinkedDeque<>());
                fleet.shards.add(shard);
                fleet.read(shard);
            }
            // Answered once each JVM runs: one that could not start (a JVM option its java refuses) fails here.
            fleet.askAll("ping");
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    /**
     * Reads a shard's output: arrivals into the tally, answers into its queue. Anything else is the JVM's own (a
     * refused option, {@code -Xlog} to standard output), kept for the error that ends the run if the JVM exits.
     */
    private void read(Shard shard) {
        final Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(shard.jvm().stdout(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (line.startsWith("arrivals ")) {
                                final String[] words = line.split(" ");
                                tally.applied(words[1], Integer.parseInt(words[2]), Long.parseLong(words[3]));
                            } else if (isOk(line) || line.startsWith("error ")) {
                                shard.answers().add(line);
                            } else {
                                shard.stray().addLast(line);
                                if (shard.stray().size() > STRAY_LINES) {
                                    shard.stray().pollFirst();
                                }
                            }
                        }
                    } catch (IOException e) {
                        // the shard is gone; its waiting command learns it below
                    }
                    shard.answers().add(EXITED);
                },
                "fanout-shard-" + shard.index());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code count} hosts, each shard its even share, {@code parallelism} at a time in all; returns once every
     * host rebuilt its ban set from active-bans.
     */
    void startHosts(int count, int parallelism) {
        final List<String> commands = new ArrayList<>();
        for (int index = 0; index < shards.size(); index++) {
            final int first = count * index / shards.size();
            final int share = count * (index + 1) / shards.size() - first;
            final int atOnce = Math.max(1, (int) Math.ceil((double) parallelism * share / count));
            commands.add(share == 0 ? "" : "start " + first + " " + share + " " + atOnce);
        }
        askEach(commands);
        hosts = count;
    }

    /** Stops every host; the shard JVMs stay. */
    void stopHosts() {
        askAll("stop");
        hosts = 0;
    }

    int size() {
        return hosts;
    }

    /** The shard JVMs the hosts are spread over. */
    int jvms() {
        return shards.size();
    }

    FanoutTally tally() {
        return tally;
    }

    /** Starts tracking {@code ips}, here and in every shard, before their bans are sent. */
    void track(List<String> ips) {
        ips.forEach(tally::track);
        for (int from = 0; from < ips.size(); from += TRACK_CHUNK) {
            askAll("track " + String.join(" ", ips.subList(from, Math.min(ips.size(), from + TRACK_CHUNK))));
        }
    }

    /** Stops tracking every address. */
    void clear() {
        tally.clear();
        askAll("clear");
    }

    /** How many hosts hold exactly {@code entries} entries now. */
    int holding(int entries) {
        return (int) sum("holding " + entries);
    }

    /** How many hosts hold at least {@code entries} entries now. */
    int holdingAtLeast(int entries) {
        return (int) sum("holding-at-least " + entries);
    }

    /** Fetch requests all hosts' consumers sent so far. */
    double fetchRequests() {
        return sum("fetches");
    }

    Memory memory() {
        long heap = 0;
        long rss = 0;
        for (String answer : askAll("memory")) {
            final String[] words = answer.split(" ");
            heap += Long.parseLong(words[1]);
            rss += Long.parseLong(words[2]);
        }
        return new Memory(heap, rss);
    }

    /** CPU time (user + system) all shard JVMs used so far, in nanoseconds. */
    long cpuNanos() {
        return shards.stream().mapToLong(shard -> shard.jvm().cpuNanos()).sum();
    }

    private long sum(String command) {
        long total = 0;
        for (String answer : askAll(command)) {
            total += Long.parseLong(answer.substring(answer.indexOf(' ') + 1));
        }
        return total;
    }

    private List<String> askAll(String command) {
        return askEach(shards.stream().map(shard -> command).toList());
    }

    /**
     * Sends each shard its command (none when empty), all at once, then waits for every answer; fails with the first
     * error once all have answered, so that no answer is left for the next command.
     */
    private List<String> askEach(List<String> commands) {
        for (Shard shard : shards) {
            final String command = commands.get(shard.index());
            if (!command.isEmpty()) {
                shard.commands().println(command);
            }
        }
        final List<String> answers = new ArrayList<>();
        String failure = null;
        for (Shard shard : shards) {
            if (commands.get(shard.index()).isEmpty()) {
                continue;
            }
            final String answer = take(shard);
            if (isOk(answer)) {
                answers.add(answer);
            } else if (failure == null) {
                failure = answer.equals(EXITED)
                        ? shard.jvm().exited()
                                + (shard.stray().isEmpty() ? "" : "; its output: " + String.join(" | ", shard.stray()))
                        : shard.jvm().log().getFileName() + ": " + answer + "; see "
                                + shard.jvm().log();
            }
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return answers;
    }

    private static boolean isOk(String answer) {
        return answer.equals("ok") || answer.startsWith("ok ");
    }

    private static String take(Shard shard) {
        try {
            return shard.answers().take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while waiting for " + shard.jvm().log().getFileName(), e);
        }
    }

    /** Ends every shard's input (it stops its hosts and exits), then stops what is left. */
    @Override
    public void close() {
        for (Shard shard : shards) {
            shard.commands().close();
        }
        for (Shard shard : shards) {
            try {
                shard.jvm().awaitExit(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            shard.jvm().close();
        }
        shards.clear();
    }
}
