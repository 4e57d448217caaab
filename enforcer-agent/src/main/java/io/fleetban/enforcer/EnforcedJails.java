package io.fleetban.enforcer;

import io.fleetban.enforcer.backend.BlockType;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.jail.JailDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Turns fail2ban's enabled jails into what the firewall needs, refusing values no iptables rule can carry. */
final class EnforcedJails {

    private EnforcedJails() {}

    static List<EnforcedJail> from(List<JailDefinition> definitions, Path fail2banDir) {
        return definitions.stream()
                .filter(JailDefinition::enabled)
                .map(jail -> from(jail, fail2banDir))
                .toList();
    }

    private static EnforcedJail from(JailDefinition jail, Path fail2banDir) {
        final String where = fail2banDir.toString();
        final BlockType blockType = BlockType.parse(jail.blocktype() == null ? "" : jail.blocktype())
                .orElseThrow(() -> new ConfigException(
                        where,
                        null,
                        jail.name(),
                        "blocktype",
                        "'" + jail.blocktype() + "' is not supported by fleetban; use REJECT or DROP"));
        final String protocol =
                jail.protocol() == null ? "tcp" : jail.protocol().strip().toLowerCase(Locale.ROOT);
        if (!EnforcedJail.PROTOCOL.matcher(protocol).matches()) {
            throw new ConfigException(
                    where, null, jail.name(), "protocol", "'" + jail.protocol() + "' is not a protocol name");
        }
        return new EnforcedJail(jail.name(), jail.ports(), protocol, blockType, jail.ignoreIp());
    }
}
