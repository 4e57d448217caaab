package io.fleetban.fail2ban;

import java.util.Objects;

/**
 * A configuration mistake found at start-up, naming where it is: {@code file:line: [section] key: message}.
 * Every fleetban config reader (fail2ban's jail/filter files, fleetban.conf) throws this one type so operators
 * always get the same, precise pointer to the line to fix. Unknown parts are left out of the message.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final Integer line;
    private final String section;
    private final String key;
    private final String detail;

    /**
     * @param file    the config file (null if not known)
     * @param line    1-based line number (null if not known)
     * @param section the INI section (null if not known)
     * @param key     the option name (null if not known)
     * @param message what is wrong, with the offending value
     */
    public ConfigException(String file, Integer line, String section, String key, String message) {
        this(file, line, section, key, message, null);
    }

    /** As {@link #ConfigException(String, Integer, String, String, String)}, keeping the underlying cause. */
    public ConfigException(String file, Integer line, String section, String key, String message, Throwable cause) {
        super(format(file, line, section, key, Objects.requireNonNull(message, "message")), cause);
        this.file = file;
        this.line = line;
        this.section = section;
        this.key = key;
        this.detail = message;
    }

    private static String format(String file, Integer line, String section, String key, String message) {
        final StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line != null) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (section != null) {
            sb.append('[').append(section).append("] ");
        }
        if (key != null) {
            sb.append(key).append(": ");
        }
        return sb.append(message).toString();
    }

    /** The file named in the message, or null. */
    public String file() {
        return file;
    }

    /** The 1-based line named in the message, or null. */
    public Integer line() {
        return line;
    }

    /** The section named in the message, or null. */
    public String section() {
        return section;
    }

    /** The key named in the message, or null. */
    public String key() {
        return key;
    }

    /** The message without the location prefix. */
    public String detail() {
        return detail;
    }
}
