package io.fleetban.fail2ban.jail;

import io.fleetban.fail2ban.ini.LayeredConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads all jails of a fail2ban configuration directory the way fail2ban's {@code JailsReader} does:
 * {@code jail.conf} (with its includes, e.g. {@code paths-debian.conf}), then {@code jail.d/*.conf} (sorted),
 * {@code jail.local}, {@code jail.d/*.local} (sorted); later files override earlier ones option by option.
 * Without {@code jail.conf}, fleetban's built-in defaults ({@link BuiltInJailDefaults}) stand in for it.
 * Every section except {@code [INCLUDES]} and {@code [DEFAULT]} is a jail; only enabled jails are returned, in
 * the order their sections first appear, each resolved by {@link JailReader} (filters from {@code filter.d},
 * ban-action parameters from {@code action.d}).
 */
public final class JailsReader {
    private JailsReader() {}

    /**
     * Reads the enabled jails, resolving service names with {@link ServiceNames#system()}.
     *
     * @throws io.fleetban.fail2ban.ConfigException naming file, line, section and key of the first problem
     */
    public static List<JailDefinition> read(Path fail2banDir) {
        return read(fail2banDir, ServiceNames.system());
    }

    /** As {@link #read(Path)}, with an explicit service name table. */
    public static List<JailDefinition> read(Path fail2banDir, Map<String, Integer> services) {
        final LayeredConfig cfg = LayeredConfig.readFamily(fail2banDir, "jail", Optional.of(BuiltInJailDefaults.ini()))
                // fail2ban adds these before reading jails; stock actions refer to them.
                .withDefaults(Map.of("fail2ban_version", "fleetban", "fail2ban_confpath", fail2banDir.toString()));
        final JailReader reader = new JailReader(cfg, fail2banDir, services);
        final List<JailDefinition> jails = new ArrayList<>();
        for (String section : cfg.sections()) {
            if (!section.equals("INCLUDES")) {
                reader.read(section).ifPresent(jails::add);
            }
        }
        return List.copyOf(jails);
    }
}
