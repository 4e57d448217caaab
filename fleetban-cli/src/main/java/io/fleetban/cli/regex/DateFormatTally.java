package io.fleetban.cli.regex;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.filter.date.DateDetector;
import io.fleetban.shipper.filter.date.DateMatch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The "date template hits" of the summary. The engine does not expose which template matched (see
 * /work/brief/NOTES-filter.md), so a second {@link DateDetector} with the filter's settings finds the date text and
 * the formats are told apart by the shape of that text ({@code 9} digit, {@code A}/{@code a} letter, other characters
 * kept): {@code 2025-10-08 14:23:15} is {@code 9999-99-99 99:99:99}.
 */
final class DateFormatTally {

    /** Hits and the first example of one date shape. */
    record DateFormat(String shape, String example, long hits) { }

    private final Optional<DateDetector> detector;
    private final Map<String, DateFormat> formats = new LinkedHashMap<>();

    private DateFormatTally(Optional<DateDetector> detector) {
        this.detector = detector;
    }

    static DateFormatTally of(FilterDefinition def, FilterClock clock) {
        if ("journal".equals(def.options().get(JailFilter.OPTION_LOG_TYPE))) {
            return new DateFormatTally(Optional.empty());
        }
        return new DateFormatTally(Optional.of(DateDetector.create(def.datePattern(), clock.clock(), clock.zone(),
                Optional.ofNullable(def.options().get(JailFilter.OPTION_LOG_TIME_ZONE)))));
    }

    void add(String line) {
        if (detector.isEmpty()) {
            return;
        }
        final Optional<DateMatch> date = detector.get().find(line);
        if (date.isEmpty() || date.get().end() <= date.get().start()) {
            return;
        }
        final String text = line.substring(date.get().start(), date.get().end());
        formats.merge(shapeOf(text), new DateFormat(shapeOf(text), text, 1),
                (old, one) -> new DateFormat(old.shape(), old.example(), old.hits() + 1));
    }

    Iterable<DateFormat> formats() {
        return formats.values();
    }

    static String shapeOf(String dateText) {
        final StringBuilder shape = new StringBuilder(dateText.length());
        for (int i = 0; i < dateText.length(); i++) {
            final char c = dateText.charAt(i);
            shape.append(Character.isDigit(c) ? '9' : Character.isUpperCase(c) ? 'A' : Character.isLetter(c) ? 'a' : c);
        }
        return shape.toString();
    }
}
