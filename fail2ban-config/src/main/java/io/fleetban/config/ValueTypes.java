package io.fleetban.config;

import io.fleetban.fail2ban.value.Durations;
import io.fleetban.fail2ban.value.IpRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The value types most keys share; a key with a value of its own kind uses {@link ValueType#of} with its parser. */
public final class ValueTypes {

    /** Any text. */
    public static final ValueType<String> STRING = ValueType.of("string", text -> text);
    /** A file or directory path. */
    public static final ValueType<Path> PATH = ValueType.of("path", Path::of);
    /** {@code true/yes/on/1} or {@code false/no/off/0}. */
    public static final ValueType<Boolean> BOOLEAN = ValueType.of("boolean", ValueTypes::bool);
    /** A fail2ban duration ({@code 10ms}, {@code 1s}, {@code 2m}; a bare number is seconds) above zero. */
    public static final ValueType<Duration> POSITIVE_DURATION = ValueType.of("duration", ValueTypes::positive);
    /** Words separated by white space, e.g. a command and its options (run without a shell). */
    public static final ValueType<List<String>> WORDS = ValueType.of("words", text -> List.of(text.split("\\s+")));
    /** Networks ({@code 192.0.2.0/24}, {@code 2001:db8::/32}) or addresses, separated by spaces or commas. */
    public static final ValueType<List<IpRange>> CIDR_LIST = ValueType.of("CIDR list", ValueTypes::ranges);

    private ValueTypes() {}

    /** A whole number in {@code min..max}. */
    public static ValueType<Integer> intIn(int min, int max) {
        return ValueType.of("integer " + min + ".." + max, text -> {
            final int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number: '" + text + "'", e);
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(value + " is out of range " + min + ".." + max);
            }
            return value;
        });
    }

    /** A whole number of at least {@code min}. */
    public static ValueType<Integer> atLeast(int min) {
        return ValueType.of("integer >= " + min, text -> {
            final int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number: '" + text + "'", e);
            }
            if (value < min) {
                throw new IllegalArgumentException("must be at least " + min + ", got " + value);
            }
            return value;
        });
    }

    /** A fail2ban duration in {@code min..max}, bounds written as in the file. */
    public static ValueType<Duration> durationIn(String min, String max) {
        final Duration low = Durations.parse(min);
        final Duration high = Durations.parse(max);
        return ValueType.of("duration " + min + ".." + max, text -> {
            final Duration value = Durations.parse(text);
            if (value.compareTo(low) < 0 || value.compareTo(high) > 0) {
                throw new IllegalArgumentException("'" + text + "' is out of range " + min + ".." + max);
            }
            return value;
        });
    }

    private static Duration positive(String text) {
        final Duration duration = Durations.parse(text);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("must be a positive duration, got '" + text + "'");
        }
        return duration;
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
        };
    }

    private static List<IpRange> ranges(String text) {
        final List<IpRange> ranges = new ArrayList<>();
        for (String part : text.split("[\\s,]+")) {
            if (!part.isEmpty()) {
                ranges.add(IpRange.parse(part));
            }
        }
        return List.copyOf(ranges);
    }
}
