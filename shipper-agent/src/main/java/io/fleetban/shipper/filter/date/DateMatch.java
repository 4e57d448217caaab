package io.fleetban.shipper.filter.date;

import java.time.Instant;
import java.util.Objects;

/**
 * A date found in a line.
 *
 * @param start        start of the date text (removed from the line before failregex matching, as fail2ban does)
 * @param end          end of the date text (exclusive)
 * @param time         the instant it stands for
 * @param templateName the template that found it, by its spelling ({@code {^LN-BEG}%ExY(?P<_sep>[-/.])%m...} or the
 *                     filter's {@code datepattern}): what fail2ban-regex counts under "Date template hits"
 */
public record DateMatch(int start, int end, Instant time, String templateName) {
    public DateMatch {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(templateName, "templateName");
    }
}
