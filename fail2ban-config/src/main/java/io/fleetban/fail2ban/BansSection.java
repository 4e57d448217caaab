package io.fleetban.fail2ban;

import io.fleetban.config.ConfigDef;
import io.fleetban.config.Default;
import io.fleetban.config.SectionValues;
import io.fleetban.config.ValueTypes;
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
    /** Widest IPv4 prefix a ban may cover; a wider network is refused at every layer. */
    public static final String MAX_PREFIX_V4 = "max.prefix.v4";
    /** Widest IPv6 prefix a ban may cover; a wider network is refused at every layer. */
    public static final String MAX_PREFIX_V6 = "max.prefix.v6";

    /** The section's keys; {@link #limits} reads them. */
    public static final ConfigDef DEFINITION = ConfigDef.section(SECTION)
            .define(
                    MAX_PREFIX_V4,
                    ValueTypes.intIn(1, 32),
                    Default.of(Integer.toString(BanLimits.DEFAULT_MAX_PREFIX_V4)),
                    "widest IPv4 network a ban may cover; read by `fleetban client`, the coordinator and every"
                            + " enforcer, so keep it the same on every host (see \"Targets that are never banned\")")
            .define(
                    MAX_PREFIX_V6,
                    ValueTypes.intIn(1, 128),
                    Default.of(Integer.toString(BanLimits.DEFAULT_MAX_PREFIX_V6)),
                    "widest IPv6 network a ban may cover, as `max.prefix.v4`");

    private BansSection() {}

    /**
     * The limits {@code fleetbanConf} sets, or the defaults.
     *
     * @throws ConfigException naming the key when a value is not a whole number in range, or a key is unknown
     */
    public static BanLimits limits(IniFile fleetbanConf) {
        final SectionValues values = DEFINITION.parse(fleetbanConf);
        return new BanLimits(values.integer(MAX_PREFIX_V4), values.integer(MAX_PREFIX_V6));
    }
}
