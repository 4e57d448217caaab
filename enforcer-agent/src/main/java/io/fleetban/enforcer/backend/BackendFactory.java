package io.fleetban.enforcer.backend;

import io.fleetban.enforcer.backend.command.CommandBackend;
import io.fleetban.enforcer.backend.command.Fail2banAction;
import io.fleetban.enforcer.backend.dryrun.DryRunBackend;
import io.fleetban.enforcer.backend.ipset.IpsetBackend;
import io.fleetban.enforcer.backend.iptables.IptablesBackend;
import io.fleetban.enforcer.backend.nft.NftablesBackend;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Optional;

/** The one place a backend is chosen (cs-firewall-bouncer's NewBackend switch). */
public final class BackendFactory {

    private BackendFactory() {}

    /**
     * @param runner     how firewall tools are run (a {@link NamespaceCommandRunner} in namespace tests)
     * @param dryRunOut  where the dry-run backend prints
     * @param maxEntries bound on the entries of one set
     * @param action     the fail2ban action of the command backend (validated with the config; required for it)
     */
    public static FirewallBackend create(
            BackendType type,
            CommandRunner runner,
            PrintStream dryRunOut,
            Clock clock,
            int maxEntries,
            Optional<Fail2banAction> action) {
        return switch (type) {
            case IPSET -> new IpsetBackend(runner, clock, maxEntries);
            case IPTABLES -> new IptablesBackend(runner, clock);
            case NFTABLES -> new NftablesBackend(runner, clock, maxEntries);
            case COMMAND ->
                new CommandBackend(
                        runner,
                        clock,
                        action.orElseThrow(() -> new IllegalArgumentException("the command backend needs an action")));
            case DRY_RUN -> new DryRunBackend(dryRunOut, clock, maxEntries);
        };
    }
}
