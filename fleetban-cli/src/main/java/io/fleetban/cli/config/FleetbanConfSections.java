package io.fleetban.cli.config;

import io.fleetban.client.ClientSettings;
import io.fleetban.config.ConfigDef;
import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.enforcer.EnforcerConfig;
import io.fleetban.fail2ban.BansSection;
import io.fleetban.fail2ban.Fail2banSection;
import io.fleetban.fail2ban.jail.FleetPolicy;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.shipper.ShipperConfig;
import java.util.List;

/** Every section of fleetban.conf, in the README's order; each is defined next to the record it becomes. */
final class FleetbanConfSections {

    /** The agents that may override {@code [kafka]} in a section of their own ({@link KafkaSettings#agentSection}). */
    static final List<String> KAFKA_AGENTS = List.of("shipper", "enforcer", "coordinator", "client");

    /** The sections after {@code [kafka]} and its agent overrides. */
    static final List<ConfigDef> SECTIONS = List.of(
            Fail2banSection.DEFINITION,
            BansSection.DEFINITION,
            ShipperConfig.DEFINITION,
            CoordinatorConfig.DEFINITION,
            ClientSettings.DEFINITION,
            EnforcerConfig.DEFINITION);

    /** fleetban's own keys of a fail2ban jail, read from the jail files rather than fleetban.conf. */
    static final ConfigDef JAIL_KEYS = FleetPolicy.DEFINITION;

    private FleetbanConfSections() {}
}
