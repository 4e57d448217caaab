package io.fleetban.cli.check;

import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.enforcer.backend.BackendType;
import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.NamespaceCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the enforcer's firewall tools work here: each is found on the PATH, and a scratch object of fleetban's own
 * (an ipset set, an iptables chain, an nftables table, named after this process) can be created and removed, in the
 * enforcer's {@code firewall.netns} when it has one. Nothing else of the firewall is touched.
 */
final class FirewallProbe {

    private static final String DEBIAN_PACKAGE_HINT = "install it (Debian: apt-get install %s)";

    private final String searchPath;
    private final CommandRunner runner;
    private final String scratch;

    /**
     * @param searchPath where tools are looked for, as {@code PATH} is written
     * @param runner     runs the tools (the enforcer's own)
     */
    FirewallProbe(String searchPath, CommandRunner runner) {
        this.searchPath = searchPath;
        this.runner = runner;
        this.scratch = "fleetban-check-" + ProcessHandle.current().pid();
    }

    List<CheckResult> check(EnforcerConfig config) {
        final CommandRunner inPlace = config.firewallNamespace()
                .<CommandRunner>map(ns -> new NamespaceCommandRunner(ns, runner))
                .orElse(runner);
        final String where =
                config.firewallNamespace().map(ns -> " in netns " + ns).orElse("");
        final BackendType backend = config.backend();
        return switch (backend) {
            case DRY_RUN -> List.of(CheckResult.ok("firewall", "backend dry-run changes nothing"));
            case COMMAND ->
                List.of(CheckResult.ok(
                        "firewall",
                        "backend command: the action's commands are not probed; "
                                + "try them with fail2ban-client or by hand"));
            case IPSET -> probes(inPlace, where, ipset(), chain("iptables"), chain("ip6tables"));
            case IPTABLES -> probes(inPlace, where, chain("iptables"), chain("ip6tables"));
            case NFTABLES -> probes(inPlace, where, nft());
        };
    }

    /** A tool, its package, and the commands that create and then remove a scratch object with it. */
    private record Probe(
            String tool, String debianPackage, String object, List<List<String>> create, List<String> remove) {}

    private Probe ipset() {
        return new Probe(
                "ipset",
                "ipset",
                "set " + scratch,
                List.of(List.of("create", scratch, "hash:ip", "family", "inet", "timeout", "0")),
                List.of("destroy", scratch));
    }

    private Probe chain(String tool) {
        return new Probe(
                tool,
                "iptables",
                "chain " + scratch,
                List.of(List.of("-w", "-N", scratch)),
                List.of("-w", "-X", scratch));
    }

    private Probe nft() {
        final String table = scratch.replace('-', '_');
        return new Probe(
                "nft",
                "nftables",
                "table inet " + table,
                List.of(List.of("add", "table", "inet", table)),
                List.of("delete", "table", "inet", table));
    }

    private List<CheckResult> probes(CommandRunner inPlace, String where, Probe... probes) {
        final List<CheckResult> results = new ArrayList<>();
        for (Probe probe : probes) {
            results.add(probe(inPlace, where, probe));
        }
        return results;
    }

    private CheckResult probe(CommandRunner inPlace, String where, Probe probe) {
        final String what = "firewall " + probe.tool() + where;
        final Optional<Path> tool = find(probe.tool());
        if (tool.isEmpty()) {
            return CheckResult.fail(
                    what,
                    probe.tool() + " is not on the PATH (" + searchPath + "); "
                            + String.format(DEBIAN_PACKAGE_HINT, probe.debianPackage())
                            + " or choose another [enforcer] backend");
        }
        try {
            for (List<String> create : probe.create()) {
                final CommandResult created = inPlace.run(argv(tool.get(), create), "");
                if (!created.succeeded()) {
                    return CheckResult.fail(
                            what,
                            "cannot create a scratch " + probe.object() + ": "
                                    + created.describeFailure() + "; run the check as root (the enforcer's unit has "
                                    + "CAP_NET_ADMIN), and check that the kernel has the modules the tool needs");
                }
            }
            final CommandResult removed = inPlace.run(argv(tool.get(), probe.remove()), "");
            if (!removed.succeeded()) {
                return CheckResult.fail(
                        what,
                        "created the scratch " + probe.object() + " but cannot remove it: " + removed.describeFailure()
                                + "; remove it by hand");
            }
        } catch (FirewallException e) {
            return CheckResult.fail(what, e.getMessage());
        }
        return CheckResult.ok(what, tool.get() + " created and removed a scratch " + probe.object());
    }

    private static List<String> argv(Path tool, List<String> arguments) {
        final List<String> argv = new ArrayList<>();
        argv.add(tool.toString());
        argv.addAll(arguments);
        return argv;
    }

    /** The first executable {@code name} in the search path, as a shell would find it. */
    Optional<Path> find(String name) {
        for (String dir : searchPath.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            final Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
