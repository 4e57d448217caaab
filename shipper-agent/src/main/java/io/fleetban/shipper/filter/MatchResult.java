package io.fleetban.shipper.filter;

import io.fleetban.fail2ban.value.IpAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link JailFilter#match(String)} concluded about one log line.
 *
 * <p>Every result says which failregex decided it ({@code failRegexIndex}, 0-based in the filter's order, or
 * {@link #NO_REGEX}) and which date template found the line's date ({@code dateTemplate}, empty when the line had no
 * date of its own: journal lines, continuation lines that reuse the previous date). {@code fleetban regex} counts
 * fail2ban-regex's per-regex and per-template hits from them, exactly, also for multi-line filters.
 */
public sealed interface MatchResult {

    /** {@code failRegexIndex} of a result no failregex matched. */
    int NO_REGEX = -1;

    /** The 0-based index of the failregex that matched, or {@link #NO_REGEX}. */
    int failRegexIndex();

    /** The name of the date template that found this line's date ({@link io.fleetban.shipper.filter.date.DateMatch}). */
    Optional<String> dateTemplate();

    /**
     * A failregex matched and captured a valid address: this is an offense.
     *
     * @param ip             the validated address (parsed once by {@link IpAddress#parse})
     * @param time           the log line's time (date detector), or now for filters without dates
     * @param fields         every named group that matched ({@code user}, {@code fid}, custom {@code <F-NAME>} ...), by
     *                       the fail2ban name, after {@code <F-ALT_*>} merging
     * @param failRegexIndex which failregex (0-based) matched
     * @param dateTemplate   the date template that found the line's date, if the line had one
     */
    record Failure(
            IpAddress ip, Instant time, Map<String, String> fields, int failRegexIndex, Optional<String> dateTemplate)
            implements MatchResult {
        public Failure {
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(dateTemplate, "dateTemplate");
            fields = fields instanceof Fields ? fields : Map.copyOf(fields); // the engine's Fields is an immutable copy
        }

        /** A failure whose regex and template are not known (tests and other sources of offenses). */
        public Failure(IpAddress ip, Instant time, Map<String, String> fields) {
            this(ip, time, fields, NO_REGEX, Optional.empty());
        }
    }

    /**
     * A failregex matched but an ignoreregex matched too (fail2ban: "ignored").
     *
     * @param ignoreRegexIndex which ignoreregex (0-based) matched
     * @param failRegexIndex   which failregex (0-based) matched before it
     * @param dateTemplate     the date template that found the line's date, if the line had one
     */
    record Ignored(int ignoreRegexIndex, int failRegexIndex, Optional<String> dateTemplate) implements MatchResult {
        public Ignored {
            Objects.requireNonNull(dateTemplate, "dateTemplate");
        }

        /** An ignored line whose failregex and template are not known. */
        public Ignored(int ignoreRegexIndex) {
            this(ignoreRegexIndex, NO_REGEX, Optional.empty());
        }
    }

    /**
     * No offense on this line.
     *
     * @param reason         why: {@link #NO_DATE}, {@link #NO_MATCH}, {@link #INVALID_ADDRESS},
     *                       {@link #UNRESOLVED_HOST}, {@link #NO_FAILURE} (a {@code <F-NOFAIL>} or multi-line pending
     *                       match), {@link #TOO_COMPLEX} (the regex engine ran out of stack on this line)
     * @param capturedHost   the host text a failregex captured, when it matched but gave no usable address
     * @param time           the line's time when a date was found
     * @param failRegexIndex the failregex (0-based) that matched without giving an offense ({@link #INVALID_ADDRESS},
     *                       {@link #UNRESOLVED_HOST}, {@link #NO_FAILURE}), otherwise {@link #NO_REGEX}
     * @param dateTemplate   the date template that found the line's date, if the line had one
     */
    record Missed(
            String reason,
            Optional<String> capturedHost,
            Optional<Instant> time,
            int failRegexIndex,
            Optional<String> dateTemplate)
            implements MatchResult {
        public static final String NO_DATE = "no date";
        public static final String NO_MATCH = "no failregex matched";
        public static final String INVALID_ADDRESS = "invalid address";
        public static final String UNRESOLVED_HOST = "unresolved hostname";
        public static final String NO_FAILURE = "matched without failure";
        public static final String TOO_COMPLEX = "line too complex for the regex engine";

        public Missed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(capturedHost, "capturedHost");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(dateTemplate, "dateTemplate");
        }

        /** A miss whose regex and template are not known. */
        public Missed(String reason, Optional<String> capturedHost, Optional<Instant> time) {
            this(reason, capturedHost, time, NO_REGEX, Optional.empty());
        }

        /** A miss with no captured host. */
        public static Missed of(String reason) {
            return new Missed(reason, Optional.empty(), Optional.empty());
        }
    }
}
