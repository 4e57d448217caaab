package io.fleetban.fail2ban;

import java.nio.file.Files;
import java.nio.file.Path;

import io.fleetban.fail2ban.ini.IniFile;

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

    private Fail2banSection() {
    }

    /**
     * The fail2ban configuration directory named by {@code fleetbanConf}.
     *
     * @throws ConfigException naming the key when the value is blank or not a directory
     */
    public static Path configDir(IniFile fleetbanConf) {
        final String text = fleetbanConf.section(SECTION).map(s -> s.get(CONFIG_DIR)).orElse(DEFAULT_CONFIG_DIR).strip();
        if (text.isEmpty()) {
            throw fleetbanConf.error(SECTION, CONFIG_DIR, "must not be empty");
        }
        final Path base = fleetbanConf.file().toAbsolutePath().getParent();
        final Path dir = base == null ? Path.of(text) : base.resolve(text);
        if (!Files.isDirectory(dir)) {
            throw fleetbanConf.error(SECTION, CONFIG_DIR, "not a directory: " + dir);
        }
        return dir;
    }
}
