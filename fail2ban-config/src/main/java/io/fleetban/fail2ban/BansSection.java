package io.fleetban.fail2ban;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.value.BanLimits;

/**
 * The {@code [bans]} section of fleetban.conf, read the same way by the client, the coordinator and the enforcer so
 * that all three refuse the same bans ({@link io.fleetban.fail2ban.value.BanTargetRule}): a ban the client would
 * send, the coordinator must publish and every enforcer must apply. Keep it identical on every host.
 */
public final class BansSection {

    /** The section's name in fleetban.conf. */
    public static final String SECTION = "bans";
    /** Widest IPv4 prefix a ban may cover (1..32, default 24); a wider network is refused at every layer. */
    public static final String MAX_PREFIX_V4 = "max.prefix.v4";
    /** Widest IPv6 prefix a ban may cover (1..128, default 64); a wider network is refused at every layer. */
    public static final String MAX_PREFIX_V6 = "max.prefix.v6";

    private static final Set<String> KEYS = Set.of(MAX_PREFIX_V4, MAX_PREFIX_V6);

    private BansSection() {
    }

    /**
     * The limits {@code fleetbanConf} sets, or the defaults.
     *
     * @throws ConfigException naming the key when a value is not a whole number in range, or a key is unknown
     */
    public static BanLimits limits(IniFile fleetbanConf) {
        final Map<String, String> section = fleetbanConf.section(SECTION).orElse(Map.of());
        for (String key : section.keySet()) {
            if (!KEYS.contains(key)) {
                throw fleetbanConf.error(SECTION, key, "unknown key; known keys: " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        return new BanLimits(prefix(fleetbanConf, section, MAX_PREFIX_V4, BanLimits.DEFAULT_MAX_PREFIX_V4, 32),
                prefix(fleetbanConf, section, MAX_PREFIX_V6, BanLimits.DEFAULT_MAX_PREFIX_V6, 128));
    }

    private static int prefix(IniFile ini, Map<String, String> section, String key, int defaultValue, int max) {
        final String text = section.getOrDefault(key, "").strip();
        if (text.isEmpty()) {
            return defaultValue;
        }
        final int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ini.error(SECTION, key, "not a whole number: '" + text + "'");
        }
        if (value < 1 || value > max) {
            throw ini.error(SECTION, key, value + " is out of range 1.." + max);
        }
        return value;
    }
}
