package io.fleetban.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's coordinator instances: child JVMs of one application id (one consumer group, one set of tasks),
 * each with a fleetban.conf and state directory of its own, as separate hosts would run them. The first instance
 * works in the work directory itself, later ones in {@code instance-<n>} below it.
 */
final class CoordinatorInstances implements AutoCloseable {

    private final Path workDir;
    private final String bootstrapServers;
    private final int partitions;
    private final int threads;
    private final Map<String, String> settings;
    private final List<String> jvmOptions;
    private final List<ChildJvm> running = new ArrayList<>();
    private int started;

    CoordinatorInstances(
            Path workDir,
            String bootstrapServers,
            int partitions,
            int threads,
            Map<String, String> settings,
            List<String> jvmOptions) {
        this.workDir = workDir;
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
        this.threads = threads;
        this.settings = settings;
        this.jvmOptions = jvmOptions;
    }

    /** Starts one more instance; returns it. */
    ChildJvm add() {
        final Path dir = started == 0 ? workDir : workDir.resolve("instance-" + (started + 1));
        final Path conf = BenchCoordinatorFiles.write(dir, bootstrapServers, partitions, threads, settings);
        final ChildJvm instance = ChildJvm.start(
                "coordinator-" + (started + 1),
                jvmOptions,
                List.of("coordinator", "-c", conf.toString()),
                dir.resolve("coordinator.log"));
        started++;
        running.add(instance);
        return instance;
    }

    /** The first instance still running: its footprint stands for one instance's. */
    ChildJvm first() {
        return running.get(0);
    }

    int size() {
        return running.size();
    }

    /** Kills the oldest running instance at once (SIGKILL: no clean shutdown, no last commit), as a crash would. */
    ChildJvm killOldest() throws InterruptedException {
        final ChildJvm victim = running.remove(0);
        victim.kill();
        return victim;
    }

    /** CPU time of the running instances so far, in nanoseconds. */
    long cpuNanos() {
        long total = 0;
        for (ChildJvm instance : running) {
            total += instance.cpuNanos();
        }
        return total;
    }

    /**
     * Waits until the instances, now without input, keep fewer than {@code cores} each busy for a second: their JIT
     * compilers have worked through what a drain queued (on a loaded 2-core machine that takes tens of seconds, and a
     * short measured pass would otherwise pay for it). At most {@code timeout}; returns the seconds waited.
     */
    double awaitIdle(double cores, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long cpu = cpuNanos();
        long at = start;
        while (at - start < timeout.toNanos()) {
            TimeUnit.SECONDS.sleep(1);
            long nowCpu = cpuNanos();
            long now = System.nanoTime();
            // An idle instance still polls and punctuates: the threshold is per instance running.
            if ((nowCpu - cpu) / (double) (now - at) < cores * running.size()) {
                break;
            }
            cpu = nowCpu;
            at = now;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    boolean allAlive() {
        return running.stream().allMatch(ChildJvm::isAlive);
    }

    @Override
    public void close() {
        running.forEach(ChildJvm::close);
        running.clear();
    }
}
