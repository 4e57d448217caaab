package io.fleetban.bench;

import ch.qos.logback.classic.Level;
import io.fleetban.enforcer.EnforcerApp;
import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.LoggerFactory;

/**
 * Simulated enforcer hosts in this JVM (a {@link FanoutShard}): each a production {@link EnforcerApp} (its own Kafka
 * consumer and connection, guard, ledger and decision thread, read from its own fleetban.conf) on a
 * {@link CountingBackend}.
 */
final class FanoutFleet implements AutoCloseable {

    private static final String FETCH_TOTAL = "kafka_consumer_fetch_manager_fetch_total";

    private final List<EnforcerApp> apps = new ArrayList<>();
    private final List<CountingBackend> backends = new ArrayList<>();

    private FanoutFleet() {}

    /**
     * Writes each host's fleetban.conf ({@code [enforcer] host.id fanout-NNNN} for hosts {@code first} to {@code
     * first + hosts - 1}, the bench's jails) and starts the hosts, {@code parallelism} at a time (all at once when it
     * equals {@code hosts}); each start returns once that host rebuilt its ban set from active-bans.
     */
    static FanoutFleet start(
            Path workDir, List<String> baseConf, int first, int hosts, int parallelism, FanoutTally tally)
            throws Exception {
        quietHosts();
        final FanoutFleet fleet = new FanoutFleet();
        final List<EnforcerApp> created = new ArrayList<>();
        for (int host = first; host < first + hosts; host++) {
            final CountingBackend backend = new CountingBackend(tally);
            final EnforcerConfig config = EnforcerConfig.load(writeConf(workDir, baseConf, host));
            created.add(new EnforcerApp(
                    config, Clock.systemUTC(), new ProcessCommandRunner(Duration.ofSeconds(5)), backend));
            fleet.backends.add(backend);
        }
        fleet.apps.addAll(created);
        final ExecutorService starters = Executors.newFixedThreadPool(parallelism);
        try {
            final List<Future<?>> started = new ArrayList<>();
            for (EnforcerApp app : created) {
                started.add(starters.submit(() -> {
                    app.start();
                    return null;
                }));
            }
            for (Future<?> future : started) {
                future.get();
            }
        } catch (Exception e) {
            fleet.close();
            throw e;
        } finally {
            starters.shutdownNow();
        }
        return fleet;
    }

    private static Path writeConf(Path workDir, List<String> baseConf, int host) throws IOException {
        final Path conf = workDir.resolve("hosts").resolve(String.format(Locale.ROOT, "fanout-%04d.conf", host));
        Files.createDirectories(conf.getParent());
        final List<String> lines = new ArrayList<>(baseConf);
        lines.add(String.format(Locale.ROOT, "host.id = fanout-%04d", host));
        Files.write(conf, lines);
        return conf;
    }

    int size() {
        return apps.size();
    }

    /** How many hosts hold exactly {@code entries} entries now. */
    int holding(int entries) {
        int count = 0;
        for (CountingBackend backend : backends) {
            if (backend.size() == entries) {
                count++;
            }
        }
        return count;
    }

    /** How many hosts hold at least {@code entries} entries now. */
    int holdingAtLeast(int entries) {
        int count = 0;
        for (CountingBackend backend : backends) {
            if (backend.size() >= entries) {
                count++;
            }
        }
        return count;
    }

    /** Fetch requests all hosts' consumers sent so far (each consumer's own client metric). */
    double fetchRequests() {
        double total = 0;
        for (EnforcerApp app : apps) {
            for (String line : app.scrape().split("\n")) {
                if (line.startsWith(FETCH_TOTAL)) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return total;
    }

    /** Stops every host, many at a time (each waits for its decision thread and closes its consumer). */
    @Override
    public void close() {
        final ExecutorService closers = Executors.newFixedThreadPool(Math.max(1, Math.min(64, apps.size())));
        try {
            final List<Future<?>> closed = new ArrayList<>();
            for (EnforcerApp app : apps) {
                closed.add(closers.submit(() -> {
                    app.close();
                    return null;
                }));
            }
            for (Future<?> future : closed) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("a simulated host did not stop cleanly: " + e.getMessage(), e);
        } finally {
            closers.shutdownNow();
            apps.clear();
            backends.clear();
        }
    }

    /**
     * Each real host writes its own log (an INFO line per applied decision, as fail2ban logs each ban); here a
     * thousand hosts would write theirs to one stderr through one appender lock, millions of lines in a burst, and
     * the bench would measure that lock and pipe instead of the fleet. The hosts keep their warnings and errors.
     */
    private static void quietHosts() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.fleetban.enforcer")).setLevel(Level.WARN);
    }
}
