package io.fleetban.cli;

import io.fleetban.cli.check.CheckReport;
import io.fleetban.cli.check.HostCheck;
import io.fleetban.cli.check.Role;
import io.fleetban.enforcer.backend.ProcessCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleetban check}: everything a host needs before its agents go live, one line per check. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Check a host before going live: every configuration mistake (not only the first), each jail's "
                    + "filter and logs (readable by the shipper's service account, not by root), Kafka with the configured "
                    + "security, the topics and their settings, this principal's rights per role, the schema registry, and "
                    + "the firewall tools (a scratch set or table is created and removed).",
            "Prints 'ok <what>' or 'FAIL <what>: why, and how to fix it' per check. Exit code 0 when all are ok, "
                    + "1 when any fails, 2 for usage errors."
        })
final class CheckCommand implements Callable<Integer> {

    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "fleetban.conf to check.")
    Path file;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            split = ",",
            description =
                    "shipper, enforcer or coordinator (repeatable; default: the roles whose sections the file has).")
    List<String> roles = List.of();

    @Option(
            names = "--service-user",
            defaultValue = "fleetban",
            paramLabel = "USER",
            description = "User the shipper's systemd unit runs as (default: ${DEFAULT-VALUE}).")
    String serviceUser;

    @Option(
            names = "--service-group",
            defaultValue = "adm",
            split = ",",
            paramLabel = "GROUP",
            description =
                    "Extra groups of the shipper's unit (Group=, SupplementaryGroups=; default: ${DEFAULT-VALUE}).")
    List<String> serviceGroups;

    @Option(
            names = "--timeout",
            defaultValue = "10",
            paramLabel = "SECONDS",
            description = "Bound of each Kafka and registry request (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new UserFacingException("configuration file " + file + " does not exist", Fleetban.EXIT_USAGE);
        }
        if (timeoutSeconds < 1) {
            throw new UserFacingException("--timeout must be at least 1 second", Fleetban.EXIT_USAGE);
        }
        final HostCheck check = new HostCheck(
                serviceUser,
                serviceGroups,
                Duration.ofSeconds(timeoutSeconds),
                Optional.ofNullable(System.getenv("PATH")).orElse(""),
                new ProcessCommandRunner(Duration.ofSeconds(10)));
        final CheckReport report = check.run(file, roles(), new CheckReport(System.out));
        return report.allOk() ? Fleetban.EXIT_OK : Fleetban.EXIT_FAILURE;
    }

    private Set<Role> roles() {
        final Set<Role> chosen = EnumSet.noneOf(Role.class);
        for (String name : roles) {
            chosen.add(java.util.Arrays.stream(Role.values())
                    .filter(role -> role.section().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new UserFacingException(
                            "--role must be shipper, enforcer or coordinator, not " + name, Fleetban.EXIT_USAGE)));
        }
        return chosen;
    }
}
