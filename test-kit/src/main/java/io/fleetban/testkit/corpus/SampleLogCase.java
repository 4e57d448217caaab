package io.fleetban.testkit.corpus;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One annotated line of fail2ban's sample corpus ({@code tests/files/logs/<filter>}) run under one option set, with
 * what fail2ban expects ({@code # failJSON: {"match": ..., "host": ..., "time": ...}}).
 *
 * @param filter   filter name (the log file's name)
 * @param file     the log file the line comes from ({@code addFILE} can chain files)
 * @param lineNo   1-based line number in that file
 * @param options  the filter options of this run ({@code mode}, {@code logtype} ...), without {@code test.*} keys
 * @param journal  {@code logtype=journal}: the line is a journal message, its time is "now"
 * @param line     the log line as fail2ban feeds it (journal runs get the {@code test.prefix-line})
 * @param match    whether fail2ban reports a failure
 * @param host     the failure id fail2ban reports, if annotated
 * @param time     the local time fail2ban reports ({@code 2005-08-14T11:59:59[.ffffff]}), if annotated
 */
public record SampleLogCase(
        String filter,
        String file,
        int lineNo,
        Map<String, String> options,
        boolean journal,
        String line,
        boolean match,
        Optional<String> host,
        Optional<String> time) {

    private static final DateTimeFormatter LENIENT_LOCAL = DateTimeFormatter.ofPattern("y-M-d'T'H:m:s");

    /** The expected instant to the second: the harness compares {@code time.mktime} of the local time in the zone. */
    public Optional<Instant> expectedInstant(ZoneId zone) {
        return time.map(t -> {
            int dot = t.indexOf('.');
            String seconds = dot < 0 ? t : t.substring(0, dot);
            return LocalDateTime.parse(seconds, LENIENT_LOCAL).atZone(zone).toInstant();
        });
    }

    /**
     * How what fleetban reported for this line differs from fail2ban's annotation (whether it matched, the host, the
     * time to the second), or empty when identical.
     *
     * @param matched  whether fleetban reported a failure
     * @param host     the failure id it reported, if it matched
     * @param time     the failure's time, if it matched and has one
     * @param reported what fleetban reported, for the message
     * @param address  parses an IP address (fleetban's parser; test-kit depends on no fleetban module), throwing
     *                 {@link IllegalArgumentException} for anything else
     */
    public Optional<String> difference(
            boolean matched, String host, Optional<Instant> time, String reported, Function<String, ?> address) {
        if (matched != match) {
            return Optional.of("match " + matched + ", fail2ban " + match + " " + reported);
        }
        if (!matched) {
            return Optional.empty();
        }
        if (this.host.isPresent() && !sameHost(this.host.get(), host, address)) {
            return Optional.of("host " + host + ", fail2ban " + this.host.get());
        }
        Optional<Instant> expected = expectedInstant(Fail2banCorpus.TEST_ZONE);
        if (expected.isPresent()
                && (time.isEmpty()
                        || expected.get().getEpochSecond() != time.get().getEpochSecond())) {
            return Optional.of("time " + time.map(Instant::toString).orElse(null) + ", fail2ban " + expected.get());
        }
        return Optional.empty();
    }

    /** The same text, or the same IP address written differently (fail2ban keeps the log's spelling). */
    private static boolean sameHost(String expected, String actual, Function<String, ?> address) {
        if (expected.equals(actual)) {
            return true;
        }
        try {
            return actual != null && address.apply(expected).equals(address.apply(actual));
        } catch (IllegalArgumentException notBothAddresses) {
            return false; // a host name or failure id that differs in text
        }
    }

    /** Where the case is, for failure messages: {@code sshd:sshd:100 {mode=aggressive}}. */
    public String location() {
        return filter + ":" + file + ":" + lineNo + " " + options;
    }
}
