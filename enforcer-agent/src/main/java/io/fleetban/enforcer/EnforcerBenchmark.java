package io.fleetban.enforcer;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.BlockType;
import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.NamespaceCommandRunner;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import io.fleetban.enforcer.backend.SetName;
import io.fleetban.enforcer.backend.ipset.IpsetBackend;
import io.fleetban.enforcer.consume.BanLedger;
import io.fleetban.enforcer.consume.FirewallSync;
import io.fleetban.fail2ban.jail.PortRange;
import io.fleetban.fail2ban.value.IpRange;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code fleetban bench enforcer}: applies N bans with the ipset backend in a network namespace of its own and
 * compares with fail2ban's way, one command per ban (timed on a sample and scaled, since 100,000 process starts
 * take minutes). Then a fresh backend reconciles the N active bans against the full set, as after a restart.
 * Addresses come from 198.18.0.0/15, the range reserved for benchmarks; no packet is sent. Needs root.
 */
public final class EnforcerBenchmark {

    /** The bench's summary line, plus the figures behind it. */
    public record Result(int bans, long applyMillis, long oneCommandPerBanMillis, int sampled, long reconcileMillis,
                         long rssKib) {
        public String line() {
            return "enforcer: " + bans + " bans active in " + applyMillis + " ms (one command per ban: "
                    + oneCommandPerBanMillis + " ms), reconcile " + reconcileMillis + " ms";
        }
    }

    private static final EnforcedJail JAIL = new EnforcedJail("bench", List.of(new PortRange(8000, 8000)), "tcp",
            BlockType.REJECT, List.of());
    private static final int MAX_BANS = 131_072;

    private EnforcerBenchmark() {
    }

    /** Runs the benchmark; details go to {@code out}, the result line is returned. */
    public static Result run(int bans, int sampled, PrintStream out) throws FirewallException, IOException {
        if (bans < 1 || bans > MAX_BANS || sampled < 1 || sampled > bans) {
            throw new IllegalArgumentException("bans must be 1.." + MAX_BANS + " and the sample 1..bans");
        }
        final CommandRunner host = new ProcessCommandRunner(Duration.ofMinutes(5));
        final String namespace = "fbbench-" + ProcessHandle.current().pid();
        host.runChecked(List.of("ip", "netns", "add", namespace), "");
        try {
            return measure(new NamespaceCommandRunner(namespace, host), bans, sampled, out);
        } finally {
            host.runChecked(List.of("ip", "netns", "del", namespace), "");
        }
    }

    private static Result measure(CommandRunner runner, int bans, int sampled, PrintStream out)
            throws FirewallException, IOException {
        final Clock clock = Clock.systemUTC();
        final List<Ban> all = bans(bans, clock.instant().plus(Duration.ofHours(1)));
        final IpsetBackend backend = new IpsetBackend(runner, clock, MAX_BANS);
        backend.init(List.of(JAIL));
        try {
            final long applyMillis = timed(() -> {
                all.forEach(backend::add);
                backend.commit();
            });
            final int active = backend.list().size();
            out.printf("applied %d bans in one ipset restore: %d ms, %d entries in the kernel%n", bans, applyMillis, active);
            if (active != bans) {
                throw new FirewallException("expected " + bans + " entries, the kernel holds " + active);
            }
            final long perBanMillis = oneCommandPerBan(runner, all.subList(0, sampled), clock) * bans / sampled;
            out.printf("one command per ban: %d commands took %d ms, scaled to %d bans: %d ms%n",
                    sampled, perBanMillis * sampled / bans, bans, perBanMillis);
            final long reconcileMillis = reconcileAfterRestart(runner, all, clock);
            final Result result = new Result(bans, applyMillis, perBanMillis, sampled, reconcileMillis, rssKib());
            out.printf("enforcer RSS %d MiB, load average %s%n", result.rssKib() / 1024,
                    Files.readString(Path.of("/proc/loadavg")).strip());
            return result;
        } finally {
            backend.shutdown();
        }
    }

    private static long oneCommandPerBan(CommandRunner runner, List<Ban> sample, Clock clock) throws FirewallException {
        final String set = SetName.of(JAIL.name(), IpFamily.IPV4) + "-single";
        runner.runChecked(List.of("ipset", "create", set, "hash:net", "timeout", "0", "maxelem", "" + MAX_BANS), "");
        try {
            return timed(() -> {
                for (Ban ban : sample) {
                    runner.runChecked(List.of("ipset", "add", set, ban.key().entryText(), "timeout",
                            Long.toString(ban.remainingSeconds(clock.instant(), 2_147_483L))), "");
                }
            });
        } finally {
            runner.runChecked(List.of("ipset", "destroy", set), "");
        }
    }

    /** A fresh backend and ledger, as after an enforcer restart, reconcile against the full kernel set. */
    private static long reconcileAfterRestart(CommandRunner runner, List<Ban> all, Clock clock) throws FirewallException {
        final IpsetBackend restarted = new IpsetBackend(runner, clock, MAX_BANS);
        restarted.init(List.of(JAIL));
        final BanLedger ledger = new BanLedger(Duration.ofMinutes(10), MAX_BANS);
        final Instant now = clock.instant();
        all.forEach(ban -> ledger.ban(ban, now, now));
        final FirewallSync sync = new FirewallSync(restarted, ledger, clock, Duration.ofMinutes(1), new EnforcerMetrics());
        final boolean[] ok = new boolean[1];
        final long millis = timed(() -> ok[0] = sync.reconcile());
        if (!ok[0]) {
            throw new FirewallException("reconcile failed, see the log");
        }
        return millis;
    }

    private static List<Ban> bans(int count, Instant expiresAt) throws IOException {
        final List<Ban> bans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final byte[] address = {(byte) 198, (byte) (18 + (i >> 16)), (byte) (i >> 8), (byte) i};
            bans.add(new Ban(new BanKey(JAIL.name(), new IpRange(InetAddress.getByAddress(address), 32)),
                    Optional.of(expiresAt)));
        }
        return bans;
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
                .findFirst().orElse(0);
    }
}
