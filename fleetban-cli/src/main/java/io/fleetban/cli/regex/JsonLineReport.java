package io.fleetban.cli.regex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.filter.MatchResult.Failure;
import io.fleetban.shipper.filter.MatchResult.Ignored;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;

/**
 * {@code fleetban regex --json}: one JSON object per input line, in order, a machine contract:
 * {@code {"line": n, "match": bool, "host": str|null, "time": epochSeconds|null, "ignored": bool}}.
 *
 * <p>{@code host} is the validated address in canonical form and {@code time} the failure's time, both only when
 * {@code match} is true. A multi-line filter's match is on the line that completed it, where fail2ban reports it.
 */
public final class JsonLineReport {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonLineReport() {
    }

    /**
     * Matches every line of {@code log} and writes its object to {@code out} (flushed at the end, not closed).
     *
     * @return the number of lines
     */
    public static long write(JailFilter filter, Path log, Writer out) {
        try {
            final JsonGenerator json = JSON.createGenerator(out);
            json.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
            final long lines = LogLines.forEach(log, (number, line) -> writeLine(json, number, filter.match(line)));
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
            json.writeBooleanField("match", result instanceof Failure);
            if (result instanceof Failure failure) {
                json.writeStringField("host", failure.ip().canonical());
                json.writeNumberField("time", failure.time().getEpochSecond());
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
