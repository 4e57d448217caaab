package io.fleetban.bench;

import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BlockType;
import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.NamespaceCommandRunner;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import io.fleetban.enforcer.backend.SetName;
import io.fleetban.enforcer.backend.ipset.IpsetBackend;
import io.fleetban.enforcer.backend.ipset.IpsetScript;
import io.fleetban.enforcer.consume.BanGuard;
import io.fleetban.enforcer.consume.FirewallSync;
import io.fleetban.enforcer.consume.HostBanList;
import io.fleetban.fail2ban.jail.PortRange;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.kafka.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * {@code fleetban bench enforcer}: N ban decisions, encoded as the coordinator writes them, go through the
 * enforcer's stages one after the other (decode, guard, ledger, then the ipset backend's commit, with the script
 * building timed apart) into a network namespace of its own; the same script as one {@code ipset restore} is the
 * floor. The stages before the commit run again until a warm pass, which is timed too: the first pass's CPU is
 * mostly the JVM interpreting and compiling them. Then fail2ban's way, one command per ban (timed on a sample and scaled, since 100,000 process starts take
 * minutes), and a fresh backend reconciling the N active bans against the full set, as after a restart.
 * Addresses come from 198.18.0.0/15, the range reserved for benchmarks; no packet is sent. Needs root.
 */
public final class EnforcerBenchmark {

    /** The bench's summary line, plus the figures behind it. */
    public record Result(
            int bans,
            long applyMillis,
            long oneCommandPerBanMillis,
            int sampled,
            long reconcileMillis,
            double driftCheckCpuPercent,
            long rssKib) {
        public String line() {
            return "enforcer: " + bans + " bans active in " + applyMillis + " ms (one command per ban: "
                    + oneCommandPerBanMillis + " ms), reconcile " + reconcileMillis + " ms, drift check "
                    + String.format(Locale.ROOT, "%.2f", driftCheckCpuPercent) + "% of a core";
        }
    }

    private static final EnforcedJail JAIL =
            new EnforcedJail("bench", List.of(new PortRange(8000, 8000)), "tcp", BlockType.REJECT, List.of());
    private static final int MAX_BANS = 131_072;
    private static final int WARM_UP_CHECKS = 200;
    /** The pass of decode, guard, ledger and script whose figures are reported as warm. */
    private static final int WARM_PASS = 4;
    /** The topics' serdes without a registry: the decisions are encoded and decoded as the agents do. */
    private static final Topics TOPICS = Topics.create(KafkaSettings.local("localhost:9092"));

    private EnforcerBenchmark() {}

    /** Runs the benchmark; details go to {@code out}, the result line is returned. */
    public static Result run(int bans, int sampled, int driftSeconds, PrintStream out)
            throws FirewallException, IOException {
        if (bans < 1 || bans > MAX_BANS || sampled < 1 || sampled > bans) {
            throw new IllegalArgumentException("bans must be 1.." + MAX_BANS + " and the sample 1..bans");
        }
        final CommandRunner host = new ProcessCommandRunner(Duration.ofMinutes(5));
        final String namespace = "fbbench-" + ProcessHandle.current().pid();
        host.runChecked(List.of("ip", "netns", "add", namespace), "");
        try {
            return measure(new NamespaceCommandRunner(namespace, host), bans, sampled, driftSeconds, out);
        } finally {
            host.runChecked(List.of("ip", "netns", "del", namespace), "");
        }
    }

    private static Result measure(CommandRunner runner, int bans, int sampled, int driftSeconds, PrintStream out)
            throws FirewallException, IOException {
        final Clock clock = Clock.systemUTC();
        final Instant now = clock.instant();
        final List<byte[]> records = banRecords(bans, now, now.plus(Duration.ofHours(1)));
        final IpsetBackend backend = new IpsetBackend(runner, clock, MAX_BANS);
        backend.init(List.of(JAIL));
        try {
            final Stages stages = new Stages(out);
            final Prepared prepared = prepare(records, now, backend::createLine, stages, "");
            final HostBanList ledger = prepared.ledger();
            final List<HostBanList.Change> changes = prepared.changes();
            final List<Ban> guarded = prepared.guarded();
            final FirewallSync sync =
                    new FirewallSync(backend, ledger, clock, Duration.ofHours(1), new EnforcerMetrics());
            final long applyMillis = stages.time("apply (backend add + commit: script, pipe, kernel)", () -> {
                if (!sync.apply(changes)) {
                    throw new FirewallException("commit failed, see the log");
                }
            });
            final int active = backend.list().size();
            if (active != bans) {
                throw new FirewallException("expected " + bans + " entries, the kernel holds " + active);
            }
            out.printf(
                    "applied %d bans: %d ms, %d entries in the kernel; decision records to kernel %d ms%n",
                    bans, applyMillis, active, stages.totalMillis());
            // The floor fills a scratch set created as the backend creates its own, so the backend's sets (and their
            // canaries) stay as they are for the drift check below.
            final String set = SetName.of(JAIL.name(), IpFamily.IPV4);
            final String floorSet = set + "-floor";
            final String floorScript = prepared.script().replace(" " + set + " ", " " + floorSet + " ");
            runner.runChecked(backend.createSet(floorSet, IpFamily.IPV4), "");
            try {
                stages.timeApart(
                        "floor: the same script as one ipset -exist restore",
                        () -> runner.runChecked(List.of("ipset", "-exist", "restore"), floorScript));
            } finally {
                runner.runChecked(List.of("ipset", "destroy", floorSet), "");
            }
            // The stages above ran once in a fresh JVM, so their CPU is mostly the JVM interpreting and compiling
            // them (a restarted enforcer's first rebuild pays it too); a warm pass shows the work per ban.
            for (int pass = 2; pass < WARM_PASS; pass++) {
                prepare(records, now, backend::createLine, new Stages(null), "");
            }
            prepare(records, now, backend::createLine, stages, ", warm (pass " + WARM_PASS + ")");
            final double driftCpu = driftSeconds == 0 ? 0 : driftCheckCost(sync, driftSeconds, out);
            final long perBanMillis = oneCommandPerBan(runner, guarded.subList(0, sampled), clock) * bans / sampled;
            out.printf(
                    "one command per ban: %d commands took %d ms, scaled to %d bans: %d ms%n",
                    sampled, perBanMillis * sampled / bans, bans, perBanMillis);
            final long reconcileMillis = reconcileAfterRestart(runner, guarded, clock, stages);
            final Result result =
                    new Result(bans, applyMillis, perBanMillis, sampled, reconcileMillis, driftCpu, rssKib());
            out.printf(
                    "enforcer RSS %d MiB, load average %s%n",
                    result.rssKib() / 1024,
                    Files.readString(Path.of("/proc/loadavg")).strip());
            return result;
        } finally {
            backend.shutdown();
        }
    }

    /** What the stages before the apply produce. */
    private record Prepared(List<Ban> guarded, HostBanList ledger, List<HostBanList.Change> changes, String script) {}

    /** Decode, guard, ledger and script building, each timed; {@code suffix} marks a repeated pass's stages. */
    private static Prepared prepare(
            List<byte[]> records, Instant now, IpsetScript.CreateLine create, Stages stages, String suffix)
            throws FirewallException, IOException {
        final boolean first = suffix.isEmpty();
        final List<BanDecision> decoded = new ArrayList<>(records.size());
        final Deserializer<BanDecision> deserializer =
                TOPICS.bans().valueSerde().deserializer();
        stages.time(
                "decode (Avro wire format)" + suffix,
                first,
                () -> records.forEach(value ->
                        decoded.add(deserializer.deserialize(TOPICS.bans().name(), value))));
        final BanGuard guard =
                new BanGuard(List.of(JAIL), List.of(), Set.of(), Set.of(), BanLimits.DEFAULT, new EnforcerMetrics());
        final List<Ban> guarded = new ArrayList<>(records.size());
        stages.time(
                "guard (parse, validate)" + suffix,
                first,
                () -> decoded.forEach(decision -> {
                    if (guard.check(decision.getJail(), decision.getIp()) instanceof BanGuard.Allowed allowed) {
                        guarded.add(new Ban(allowed.key(), Optional.of(decision.getExpiresAt())));
                    }
                }));
        final HostBanList ledger = new HostBanList(Duration.ofMinutes(10), MAX_BANS);
        final List<HostBanList.Change> changes = new ArrayList<>(records.size());
        stages.time("ledger" + suffix, first, () -> guarded.forEach(ban -> changes.add(ledger.ban(ban, now, now))));
        // The script the commit builds again for itself (streamed to ipset); timed here alone to split the commit.
        final String[] script = new String[1];
        stages.time(
                "script (ipset restore lines)" + suffix,
                first,
                () -> script[0] = IpsetScript.render(List.of(), guarded, now, create));
        return new Prepared(guarded, ledger, changes, script[0]);
    }

    /**
     * Times stages one after the other: wall clock, this thread's CPU, and the CPU of child processes that ended
     * during the stage (ipset), so a loaded machine's waiting shows apart from the work.
     */
    private static final class Stages {
        private final PrintStream out;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private long totalMillis;

        Stages(PrintStream out) {
            this.out = out;
        }

        /** Times a stage of the path from decision records to the kernel (counted in {@link #totalMillis()}). */
        long time(String stage, Step step) throws FirewallException, IOException {
            return time(stage, true, step);
        }

        /** Times a stage outside that path (the floor, a repeated pass). */
        long timeApart(String stage, Step step) throws FirewallException, IOException {
            return time(stage, false, step);
        }

        /** {@code out} null: runs the step without printing (a warm-up pass). */
        long time(String stage, boolean onPath, Step step) throws FirewallException, IOException {
            final long cpu = threads.getCurrentThreadCpuTime();
            final long children = childrenCpuMillis();
            final long millis = timed(step);
            totalMillis += onPath ? millis : 0;
            if (out == null) {
                return millis;
            }
            out.printf(
                    "stage %-52s %6d ms wall, %6d ms enforcer CPU, %6d ms ipset CPU%n",
                    stage,
                    millis,
                    (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000,
                    childrenCpuMillis() - children);
            return millis;
        }

        long totalMillis() {
            return totalMillis;
        }

        /** CPU of waited-for children. */
        private static long childrenCpuMillis() throws IOException {
            return procCpuTicks()[1] * 10;
        }
    }

    /**
     * The drift check of an idle enforcer holding the N bans, after {@value #WARM_UP_CHECKS} checks back to back:
     * first {@code seconds} with no check (the idle JVM's
     * own CPU), then one check a second (the default interval) for as long, and the CPU this process and its
     * children (the long-lived ipset and nft sessions, and any process a check starts) used in each, as a share of
     * one core. Returns the checks' share minus the idle share.
     */
    private static double driftCheckCost(FirewallSync sync, int seconds, PrintStream out) throws IOException {
        // A running enforcer checks for as long as it runs: the checks' code is compiled before it is timed.
        for (int i = 0; i < WARM_UP_CHECKS; i++) {
            sync.checkDrift();
        }
        final double[] idle = cpuShare(seconds, () -> {});
        final double[] checked = cpuShare(seconds, sync::checkDrift);
        final double cost = checked[2] - idle[2];
        out.printf(
                Locale.ROOT,
                "drift check once a second for %d s: %.0f ms enforcer CPU + %.0f ms child processes"
                        + " = %.2f%% of a core; idle without checks %.0f + %.0f ms = %.2f%%; the checks' own cost %.2f%%;"
                        + " healthy %s, repairs %d%n",
                seconds,
                checked[0],
                checked[1],
                checked[2],
                idle[0],
                idle[1],
                idle[2],
                cost,
                sync.health().healthy(),
                sync.health().repairs());
        return Math.max(0, cost);
    }

    /** Runs {@code tick} once a second for {@code seconds}: own and children's CPU milliseconds, and their share. */
    private static double[] cpuShare(int seconds, Runnable tick) throws IOException {
        final long[] before = procCpuTicks();
        final long start = System.nanoTime();
        for (int i = 0; i < seconds; i++) {
            tick.run();
            final long wait = start + (i + 1) * 1_000_000_000L - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        final double elapsedTicks = (System.nanoTime() - start) / 10_000_000.0;
        final long[] after = procCpuTicks();
        final long own = after[0] - before[0];
        final long children = after[1] - before[1];
        return new double[] {own * 10.0, children * 10.0, 100.0 * (own + children) / elapsedTicks};
    }

    /**
     * In clock ticks (100 a second): this process's utime + stime, and its children's: cutime + cstime of those
     * waited for, plus utime + stime of those still running (the long-lived sessions, which the kernel adds to
     * cutime only when they end).
     */
    private static long[] procCpuTicks() throws IOException {
        final ProcStat self = ProcStat.read(Path.of("/proc/self/stat"));
        long live = 0;
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            try {
                live += ProcStat.read(Path.of("/proc/" + child.pid() + "/stat")).ownTicks();
            } catch (IOException e) {
                // ended meanwhile: its CPU is in cutime once waited for
            }
        }
        return new long[] {self.ownTicks(), self.reapedChildrenTicks() + live};
    }

    private static long oneCommandPerBan(CommandRunner runner, List<Ban> sample, Clock clock) throws FirewallException {
        final String set = SetName.of(JAIL.name(), IpFamily.IPV4) + "-single";
        runner.runChecked(List.of("ipset", "create", set, "hash:net", "timeout", "0", "maxelem", "" + MAX_BANS), "");
        try {
            return timed(() -> {
                for (Ban ban : sample) {
                    runner.runChecked(
                            List.of(
                                    "ipset",
                                    "add",
                                    set,
                                    ban.key().entryText(),
                                    "timeout",
                                    Long.toString(ban.remainingSeconds(clock.instant(), 2_147_483L))),
                            "");
                }
            });
        } finally {
            runner.runChecked(List.of("ipset", "destroy", set), "");
        }
    }

    /** A fresh backend and ledger, as after an enforcer restart, reconcile against the full kernel set. */
    private static long reconcileAfterRestart(CommandRunner runner, List<Ban> all, Clock clock, Stages stages)
            throws FirewallException, IOException {
        final IpsetBackend restarted = new IpsetBackend(runner, clock, MAX_BANS);
        restarted.init(List.of(JAIL));
        final HostBanList ledger = new HostBanList(Duration.ofMinutes(10), MAX_BANS);
        final Instant now = clock.instant();
        all.forEach(ban -> ledger.ban(ban, now, now));
        final FirewallSync sync =
                new FirewallSync(restarted, ledger, clock, Duration.ofMinutes(1), new EnforcerMetrics());
        final boolean[] ok = new boolean[1];
        final long millis =
                stages.time("reconcile after a restart (ipset save, parse, compare)", () -> ok[0] = sync.reconcile());
        if (!ok[0]) {
            throw new FirewallException("reconcile failed, see the log");
        }
        return millis;
    }

    /** {@code count} ban decisions as the coordinator writes them to the bans topic. */
    private static List<byte[]> banRecords(int count, Instant bannedAt, Instant expiresAt) {
        final List<byte[]> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final String ip = "198." + (18 + (i >> 16)) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
            final BanDecision decision = BanDecision.newBuilder()
                    .setDecisionId("bench-" + i)
                    .setJail(JAIL.name())
                    .setIp(ip)
                    .setSource(BanSource.AUTO)
                    .setReason("bench")
                    .setFailures(5)
                    .setHosts(List.of("bench"))
                    .setBannedAt(bannedAt)
                    .setExpiresAt(expiresAt)
                    .build();
            records.add(TOPICS.bans()
                    .valueSerde()
                    .serializer()
                    .serialize(TOPICS.bans().name(), decision));
        }
        return records;
    }

    private interface Step {
        void run() throws FirewallException;
    }

    private static long timed(Step step) throws FirewallException {
        final long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Resident set size of this JVM, from /proc. */
    private static long rssKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst()
                .orElse(0);
    }
}
