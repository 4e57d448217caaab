package io.fleetban.fail2ban.jail;

import io.fleetban.fail2ban.ini.IniFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * fleetban's stand-in for fail2ban's {@code jail.conf} [DEFAULT] section (resource
 * {@code builtin-jail-defaults.conf}): the same default values in fleetban's own text, read in place of
 * {@code jail.conf} when a configuration directory has none, so that a lone {@code jail.d/x.conf} with
 * {@code action = %(action_)s} resolves as it would under fail2ban.
 */
final class BuiltInJailDefaults {
    /** Shown as the "file" in error messages about a built-in value. */
    static final Path NAME = Path.of("<fleetban built-in jail defaults>");

    private static final String RESOURCE = "builtin-jail-defaults.conf";

    private BuiltInJailDefaults() {}

    /** The parsed defaults. */
    static IniFile ini() {
        try (InputStream in = BuiltInJailDefaults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "resource " + RESOURCE + " missing from the fleetban-fail2ban-config jar");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return IniFile.parse(NAME, r.lines().toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
        }
    }
}
