package io.fleetban.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetban bench enforcer}: N bans applied by the ipset backend vs one command per ban, and a restart's reconcile. */
@Command(
        name = "enforcer",
        mixinStandardHelpOptions = true,
        description = {
            "Apply N ban decisions with the ipset backend in a network namespace of its own (created and",
            "removed here; needs root), stage by stage (decode, guard, ledger, script, apply; wall and CPU), next to one",
            "ipset restore of the same script (the floor) and fail2ban's way of one command per ban (timed on a sample of",
            "--sample bans and scaled); then the drift check's CPU once a second for --drift-seconds, and a reconcile of",
            "the N active bans from a fresh backend, as after an enforcer restart. No packet is sent.",
            "Last line: enforcer: <N> bans active in <X> ms (one command per ban: <Y> ms), reconcile <Z> ms,",
            "drift check <P>% of a core"
        })
final class BenchEnforcerCommand implements Callable<Integer> {

    @Option(names = "--bans", defaultValue = "100000", description = "Bans to apply (default: ${DEFAULT-VALUE}).")
    int bans;

    @Option(
            names = "--sample",
            defaultValue = "1000",
            description = "Bans timed one command each (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(
            names = "--drift-seconds",
            defaultValue = "60",
            description = "Seconds of drift checks timed, one a second; 0 skips them (default: ${DEFAULT-VALUE}).")
    int driftSeconds;

    @Override
    public Integer call() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("fleetban bench enforcer: needs root (it creates a network namespace and ipsets)");
            return 2;
        }
        final EnforcerBenchmark.Result result =
                EnforcerBenchmark.run(bans, Math.min(sample, bans), Math.max(0, driftSeconds), System.out);
        System.out.println(result.line());
        return 0;
    }
}
