package io.fleetban.cli.bench;

import java.util.concurrent.Callable;

import io.fleetban.enforcer.EnforcerBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetban bench enforcer}: N bans applied by the ipset backend vs one command per ban, and a restart's reconcile. */
@Command(name = "enforcer", mixinStandardHelpOptions = true,
        description = {"Apply N bans with the ipset backend in a network namespace of its own (created and removed here;",
            "needs root), next to fail2ban's way of one command per ban (timed on a sample of --sample bans and scaled),",
            "then reconcile the N active bans from a fresh backend, as after an enforcer restart. No packet is sent.",
            "Last line: enforcer: <N> bans active in <X> ms (one command per ban: <Y> ms), reconcile <Z> ms"})
final class BenchEnforcerCommand implements Callable<Integer> {

    @Option(names = "--bans", defaultValue = "100000", description = "Bans to apply (default: ${DEFAULT-VALUE}).")
    int bans;

    @Option(names = "--sample", defaultValue = "1000", description = "Bans timed one command each (default: ${DEFAULT-VALUE}).")
    int sample;

    @Override
    public Integer call() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("fleetban bench enforcer: needs root (it creates a network namespace and ipsets)");
            return 2;
        }
        final EnforcerBenchmark.Result result = EnforcerBenchmark.run(bans, Math.min(sample, bans), System.out);
        System.out.println(result.line());
        return 0;
    }
}
