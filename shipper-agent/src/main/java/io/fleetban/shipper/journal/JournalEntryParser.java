package io.fleetban.shipper.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses one line of {@code journalctl -o json} into a {@link JournalEntry}.
 *
 * <p>journalctl writes a field as a JSON string when it is printable UTF-8, as an array of byte values when it is
 * not (or is too long, then {@code null}), and as an array of those when the entry has the field twice; all forms
 * are accepted. A repeated MESSAGE is joined with spaces, as fail2ban does; of other repeated fields the first wins.
 */
public final class JournalEntryParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses {@code jsonLine}; {@link IllegalArgumentException} naming the problem when it is no usable entry. */
    public JournalEntry parse(String jsonLine) {
        JsonNode root;
        try {
            root = JSON.readTree(jsonLine);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String cursor =
                text(root, "__CURSOR").orElseThrow(() -> new IllegalArgumentException("entry without __CURSOR"));
        Instant time = microseconds(text(root, "__REALTIME_TIMESTAMP")
                .orElseThrow(() -> new IllegalArgumentException("entry without __REALTIME_TIMESTAMP")));
        Optional<String> identifier = text(root, "SYSLOG_IDENTIFIER").or(() -> text(root, "_COMM"));
        OptionalLong pid = number(text(root, "SYSLOG_PID").or(() -> text(root, "_PID")));
        return new JournalEntry(cursor, time, text(root, "_HOSTNAME"), identifier, pid, message(root.get("MESSAGE")));
    }

    private static Instant microseconds(String text) {
        try {
            long micros = Long.parseLong(text);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("__REALTIME_TIMESTAMP is not microseconds: " + text, e);
        }
    }

    /** A pid that is not a positive number (a forged SYSLOG_PID) is left out rather than printed. */
    private static OptionalLong number(Optional<String> text) {
        if (text.isEmpty() || !text.get().matches("[0-9]{1,10}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(text.get()));
    }

    private static String message(JsonNode node) {
        if (node != null && node.isArray() && !node.isEmpty() && !node.get(0).isIntegralNumber()) {
            List<String> parts = new ArrayList<>();
            node.forEach(part -> parts.add(value(part).orElse("")));
            return String.join(" ", parts);
        }
        return value(node).orElse("");
    }

    private static Optional<String> text(JsonNode entry, String field) {
        return value(entry.get(field));
    }

    private static Optional<String> value(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.textValue());
        }
        if (node.isArray() && !node.isEmpty() && node.get(0).isIntegralNumber()) {
            return Optional.of(bytes(node));
        }
        if (node.isArray() && !node.isEmpty()) {
            return value(node.get(0));
        }
        return node.isValueNode() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static String bytes(JsonNode array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(array.size());
        for (JsonNode b : array) {
            out.write(b.asInt());
        }
        // new String(..) replaces malformed sequences, as the file tailer does.
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
}
