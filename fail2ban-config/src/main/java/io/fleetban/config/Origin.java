package io.fleetban.config;

/**
 * Where an effective value came from: its default, or a line of a file, in the key's own section or in an agent's
 * override section (e.g. {@code [shipper.kafka]} over {@code [kafka]}).
 *
 * @param file    the file, null for a default
 * @param line    1-based line, 0 when not known (a value handed over as a map)
 * @param section the section it was read from, null for a default
 * @param override true when read from an agent's override section
 */
public record Origin(String file, int line, String section, boolean override) {

    /** The key's default. */
    public static final Origin DEFAULT = new Origin(null, 0, null, false);

    /** True for {@link #DEFAULT}. */
    public boolean isDefault() {
        return file == null && section == null;
    }

    /** {@code default}, {@code fleetban.conf:12} or {@code fleetban.conf:20 [shipper.kafka]}. */
    @Override
    public String toString() {
        if (isDefault()) {
            return "default";
        }
        final String where = (file == null ? "" : file) + (line > 0 ? ":" + line : "");
        return override ? where + " [" + section + "]" : where;
    }
}
