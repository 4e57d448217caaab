package io.fleetban.fail2ban.ini;

import java.nio.file.Path;

/**
 * One raw option value as written in a file (continuation lines joined with '\n', not yet interpolated),
 * with where it came from so errors can point at the line.
 *
 * @param text raw value text
 * @param file the file it was read from, or null for values fleetban supplies itself
 * @param line 1-based line of the option name, or 0 when not from a file
 */
public record IniValue(String text, Path file, int line) {

    /** A value fleetban supplies (built-in defaults, filter options merged into a jail): no file, no line. */
    public static IniValue synthetic(String text) {
        return new IniValue(text, null, 0);
    }

    /** The file name for error messages, or null. */
    public String fileName() {
        return file == null ? null : file.toString();
    }

    /** The line for error messages, or null. */
    public Integer lineOrNull() {
        return line > 0 ? line : null;
    }
}
