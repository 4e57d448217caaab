package io.fleetban.cli.regex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.filter.MatchResult.Failure;
import io.fleetban.shipper.filter.MatchResult.Ignored;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code fleetban regex --json}: one JSON object per input line, in order, a machine contract:
 * {@code {"line": n, "match": bool, "host": str|null, "time": epochSeconds|null, "ignored": bool}}.
 *
 * <p>{@code host} is the validated address in canonical form and {@code time} the failure's time, both only when
 * {@code match} is true. As in fail2ban-regex, a failregex that captured a host that is no IP address (a host name) is a
 * match with that text as {@code host}, which the shipper does not ban ({@link UnbannedHost}). A multi-line filter's match is on the line that completed it, where fail2ban reports it.
 */
public final class JsonLineReport {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonLineReport() {}

    /**
     * Matches every line of {@code log} (with {@code matcher}) and writes its object to {@code out} (flushed at the end, not closed).
     *
     * @return the number of lines
     */
    public static long write(LogMatcher matcher, Path log, Writer out) {
        try {
            final JsonGenerator json = JSON.createGenerator(out);
            json.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
            final long lines = matcher.matchFile(log, (number, line, result) -> writeLine(json, number, result));
            json.flush();
            if (lines > 0) {
                out.write('\n');
            }
            out.flush();
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
        }
    }

    private static void writeLine(JsonGenerator json, long number, MatchResult result) {
        try {
            json.writeStartObject();
            json.writeNumberField("line", number);
            final Optional<UnbannedHost> unbanned = UnbannedHost.of(result);
            json.writeBooleanField("match", result instanceof Failure || unbanned.isPresent());
            if (result instanceof Failure failure) {
                json.writeStringField("host", failure.ip().canonical());
                json.writeNumberField("time", failure.time().getEpochSecond());
            } else if (unbanned.isPresent()) {
                json.writeStringField("host", unbanned.get().host());
                if (unbanned.get().time().isPresent()) {
                    json.writeNumberField("time", unbanned.get().time().get().getEpochSecond());
                } else {
                    json.writeNullField("time");
                }
            } else {
                json.writeNullField("host");
                json.writeNullField("time");
            }
            json.writeBooleanField("ignored", result instanceof Ignored);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
        }
    }
}
