package io.fleetban.cli.check;

import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.Fail2banSection;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.jail.JailDefinition;
import io.fleetban.fail2ban.jail.JailsReader;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.shipper.ShipperConfig;
import io.fleetban.wire.SchemaRegistryClient;
import io.fleetban.wire.SchemaRegistryException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code fleetban check}: what an operator runs on a host before going live. Every check prints one line; nothing
 * stops at the first failure, so one run lists everything to fix.
 *
 * @param serviceUser   the user the shipper's unit runs as
 * @param serviceGroups the unit's extra groups
 * @param timeout       bound of each Kafka and registry request
 * @param searchPath    where firewall tools are looked for ({@code PATH})
 * @param runner        how firewall tools are run
 */
public record HostCheck(
        String serviceUser, List<String> serviceGroups, Duration timeout, String searchPath, CommandRunner runner) {

    public HostCheck {
        serviceGroups = List.copyOf(serviceGroups);
    }

    /** Checks {@code file} for {@code roles}, or for the roles whose sections it has when {@code roles} is empty. */
    public CheckReport run(Path file, Set<Role> roles, CheckReport report) {
        final IniFile ini;
        try {
            ini = IniFile.read(file);
        } catch (ConfigException e) {
            report.add(CheckResult.fail("config", e.getMessage()));
            return report;
        }
        final Set<Role> checked = roles.isEmpty() ? configured(ini) : roles;
        if (checked.isEmpty()) {
            report.add(CheckResult.fail(
                    "config",
                    file + " has no [shipper], [enforcer] or [coordinator] section; add "
                            + "the section of each agent this host runs, or name it with --role"));
            return report;
        }
        // Jails first: a mistake in a fail2ban file is reported under its jail, and the sweep's copy of it is not.
        if (checked.contains(Role.SHIPPER)) {
            jails(ini, report);
        }
        for (Role role : checked) {
            final List<String> errors = ConfigSweep.errors(file, role.loader());
            if (errors.isEmpty()) {
                report.add(CheckResult.ok("config [" + role.section() + "]", file.toString()));
            }
            errors.stream()
                    .filter(error -> !report.hasFailedWith(error))
                    .forEach(error -> report.add(CheckResult.fail("config", error)));
        }
        // Each role meets Kafka with its own settings (agents on one host may use different principals); roles
        // with the same settings are checked together.
        final Map<KafkaSettings, Set<Role>> principals = new LinkedHashMap<>();
        for (Role role : checked) {
            kafka(role, file)
                    .or(() -> kafka(ini, file))
                    .ifPresent(kafka -> principals
                            .computeIfAbsent(kafka, k -> EnumSet.noneOf(Role.class))
                            .add(role));
        }
        final Set<java.net.URI> registries = new HashSet<>();
        principals.forEach((kafka, sharing) -> {
            report.addAll(new KafkaProbe(kafka, timeout).check(sharing, coordinatorGroup(file, sharing)));
            kafka.schemaRegistry()
                    .filter(registry -> registries.add(registry.url()))
                    .ifPresent(registry -> report.add(registry(new SchemaRegistryClient(registry))));
        });
        if (checked.contains(Role.ENFORCER)) {
            loaded(file, EnforcerConfig::load)
                    .ifPresent(enforcer -> report.addAll(new FirewallProbe(searchPath, runner).check(enforcer)));
        }
        return report;
    }

    private static Set<Role> configured(IniFile ini) {
        final Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (ini.section(role.section()).isPresent()) {
                roles.add(role);
            }
        }
        return roles;
    }

    private void jails(IniFile ini, CheckReport report) {
        final ServiceAccount account;
        try {
            account = ServiceAccount.lookup(serviceUser, serviceGroups);
        } catch (IllegalArgumentException | IOException e) {
            report.add(CheckResult.fail(
                    "shipper account " + serviceUser,
                    e.getMessage() + "; create it as the "
                            + "README's deployment section says (useradd --system --no-create-home fleetban), or name the "
                            + "unit's User= and groups with --service-user/--service-group"));
            return;
        }
        final List<JailDefinition> jails;
        final Path fail2banDir;
        try {
            fail2banDir = Fail2banSection.configDir(ini);
            jails = JailsReader.read(fail2banDir);
        } catch (ConfigException e) {
            report.add(CheckResult.fail("jails", e.getMessage()));
            return;
        }
        final JailChecks checks = new JailChecks(fail2banDir, account);
        final List<JailDefinition> enabled =
                jails.stream().filter(JailDefinition::enabled).toList();
        if (enabled.isEmpty()) {
            report.add(
                    CheckResult.fail("jails", "no enabled jail in " + fail2banDir + "; enable one in jail.d/*.local"));
        }
        enabled.forEach(jail -> report.addAll(checks.check(jail)));
    }

    /** The Kafka settings the role's agent uses, if its configuration reads. */
    private static Optional<KafkaSettings> kafka(Role role, Path file) {
        return switch (role) {
            case SHIPPER -> loaded(file, ShipperConfig::load).map(ShipperConfig::kafka);
            case ENFORCER -> loaded(file, EnforcerConfig::load).map(EnforcerConfig::kafka);
            case COORDINATOR -> loaded(file, CoordinatorConfig::load).map(CoordinatorConfig::kafka);
        };
    }

    /** The [kafka] section if it reads; its mistakes are already reported by the sweep. */
    private static Optional<KafkaSettings> kafka(IniFile ini, Path file) {
        try {
            return ini.section("kafka").map(section -> KafkaSettings.parse(section, file.toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> coordinatorGroup(Path file, Set<Role> roles) {
        return roles.contains(Role.COORDINATOR)
                ? loaded(file, CoordinatorConfig::load).map(CoordinatorConfig::applicationId)
                : Optional.empty();
    }

    private static <T> Optional<T> loaded(Path file, java.util.function.Function<Path, T> reader) {
        try {
            return Optional.of(reader.apply(file));
        } catch (ConfigException | IllegalArgumentException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static CheckResult registry(SchemaRegistryClient client) {
        final String what = "schema registry " + client.settings().url();
        try {
            return CheckResult.ok(what, "answers (" + client.subjects().size() + " subjects)");
        } catch (SchemaRegistryException e) {
            final boolean credentials = e.httpStatus().isPresent()
                    && (e.httpStatus().getAsInt() == 401 || e.httpStatus().getAsInt() == 403);
            return CheckResult.fail(
                    what,
                    e.getMessage()
                            + (credentials
                                    ? "; check [kafka] schema.registry.basic.auth.user.info"
                                    : "; check [kafka] schema.registry.url and that the registry runs"));
        }
    }
}
