package io.fleetban.fail2ban;

import io.fleetban.config.ConfigDef;
import io.fleetban.config.Default;
import io.fleetban.config.ValueTypes;
import io.fleetban.fail2ban.ini.IniFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code [fail2ban]} section of fleetban.conf, the same for every agent: where the operator's fail2ban
 * configuration lives. A relative {@code config.dir} is taken relative to fleetban.conf itself, so a config
 * directory can be moved as a whole.
 */
public final class Fail2banSection {

    /** The section's name in fleetban.conf. */
    public static final String SECTION = "fail2ban";
    /** Directory with jail.conf, jail.d/, filter.d/ and action.d/, read unchanged. */
    public static final String CONFIG_DIR = "config.dir";
    /** fail2ban's own location on Debian and most distributions. */
    public static final String DEFAULT_CONFIG_DIR = "/etc/fail2ban";

    /** The section's keys; {@link #configDir} reads them. */
    public static final ConfigDef DEFINITION = ConfigDef.section(SECTION)
            .define(
                    CONFIG_DIR,
                    ValueTypes.PATH,
                    Default.of(DEFAULT_CONFIG_DIR),
                    "`jail.conf`, `jail.d/`, `filter.d/`, `action.d/`, read unchanged; relative to fleetban.conf");

    private Fail2banSection() {}

    /**
     * The fail2ban configuration directory named by {@code fleetbanConf}.
     *
     * @throws ConfigException naming the key when the value is not a directory, or a key is unknown
     */
    public static Path configDir(IniFile fleetbanConf) {
        final Path configured = DEFINITION.parse(fleetbanConf).get(CONFIG_DIR);
        final Path base = fleetbanConf.file().toAbsolutePath().getParent();
        final Path dir = base == null ? configured : base.resolve(configured);
        if (!Files.isDirectory(dir)) {
            throw fleetbanConf.error(SECTION, CONFIG_DIR, "not a directory: " + dir);
        }
        return dir;
    }
}
