package io.fleetban.enforcer.backend;

import io.fleetban.enforcer.backend.ipset.IpsetBackend;
import io.fleetban.enforcer.backend.iptables.IptablesBackend;
import io.fleetban.enforcer.backend.nft.NftablesBackend;
import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * A real backend as the namespace tests build it, and the tools it needs on the host besides ip, curl and python3.
 *
 * @param factory the backend, running its commands through the runner
 */
public record KernelBackend(BiFunction<CommandRunner, Clock, FirewallBackend> factory, List<String> tools) {

    public static final KernelBackend NFTABLES =
            new KernelBackend((runner, clock) -> new NftablesBackend(runner, clock, 1000), List.of("nft"));
    public static final KernelBackend IPTABLES = new KernelBackend(
            IptablesBackend::new, List.of("iptables", "ip6tables", "iptables-restore", "ip6tables-restore"));
    public static final KernelBackend IPSET = new KernelBackend(
            (runner, clock) -> new IpsetBackend(runner, clock, 1000), List.of("ipset", "iptables", "ip6tables"));

    public KernelBackend {
        tools = List.copyOf(tools);
    }

    /** The same backend, for a test that also runs {@code more} itself. */
    public KernelBackend alsoNeeding(String... more) {
        return new KernelBackend(
                factory,
                Stream.concat(tools.stream(), Stream.of(more)).distinct().toList());
    }

    FirewallBackend create(CommandRunner runner, Clock clock) {
        return factory.apply(runner, clock);
    }
}
