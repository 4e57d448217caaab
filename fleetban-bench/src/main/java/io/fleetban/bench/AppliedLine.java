package io.fleetban.bench;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One decision an enforcer reported applied, read back from its log line
 * ({@code applied ban jail=sshd ip=203.0.113.7 decision=d-42 decided=...Z polled=...Z applied=...Z}): the three
 * wall-clock instants let {@code bench latency} split a ban's way to every host into stages on one clock.
 */
record AppliedLine(
        boolean ban,
        String jail,
        String ip,
        String decisionId,
        Instant decidedAt,
        Instant polledAt,
        Instant appliedAt) {

    private static final Pattern LINE = Pattern.compile("applied (ban|unban) jail=(\\S+) ip=(\\S+) decision=(\\S+)"
            + " decided=(\\S+) polled=(\\S+) applied=(\\S+)");

    /** The applied decision a log line reports (the line may carry a logger's prefix); empty for any other line. */
    static Optional<AppliedLine> parse(String logLine) {
        final Matcher m = LINE.matcher(logLine);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AppliedLine(
                    "ban".equals(m.group(1)),
                    m.group(2),
                    m.group(3),
                    m.group(4),
                    Instant.parse(m.group(5)),
                    Instant.parse(m.group(6)),
                    Instant.parse(m.group(7))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
