package io.fleetban.cli.check;

import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.ini.IniValue;
import io.fleetban.kafka.KafkaKeyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Every mistake an agent's config reader finds in fleetban.conf, not only the first. Each reader stops at its first
 * error; the sweep runs the same reader again on a copy of the file with the offending key's line commented out, so
 * the next mistake shows, until the reader accepts the copy or names no line of fleetban.conf it could look past (a
 * missing section, a mistake in a fail2ban file). The copy sits next to the file, because relative paths in it
 * ({@code [fail2ban] config.dir}) are read from there, and is deleted at once; a good file is read once, in place.
 */
final class ConfigSweep {

    /** Enough for any real file; a bound so that a reader naming the same line again cannot loop. */
    private static final int MAX_ERRORS = 50;

    private ConfigSweep() {}

    /**
     * The mistakes {@code reader} finds in {@code file}, in file order of discovery; empty when it accepts the file.
     */
    static List<String> errors(Path file, Function<Path, ?> reader) {
        final List<String> errors = new ArrayList<>();
        final Path scratch = file.resolveSibling("." + file.getFileName() + ".fleetban-check");
        final Set<Integer> skipped = new HashSet<>();
        List<String> lines = null;
        Path current = file;
        try {
            while (errors.size() < MAX_ERRORS) {
                final RuntimeException refusal = refusal(current, reader);
                if (refusal == null) {
                    break;
                }
                final OptionalInt line = lineToSkip(current, refusal);
                errors.add(message(refusal, line).replace(scratch.toString(), file.toString()));
                if (line.isEmpty() || !skipped.add(line.getAsInt())) {
                    break;
                }
                if (lines == null) {
                    lines = new ArrayList<>(Files.readAllLines(file));
                }
                commentOut(lines, line.getAsInt());
                try {
                    Files.write(scratch, lines);
                } catch (IOException e) {
                    // Without a copy only the first mistake is known; that is still the one to fix first.
                    break;
                }
                current = scratch;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException e) {
                errors.add("could not delete " + scratch + ": " + e.getMessage());
            }
        }
        return errors;
    }

    /** The reader's refusal of {@code file}, or null when it accepts it. */
    private static RuntimeException refusal(Path file, Function<Path, ?> reader) {
        try {
            reader.apply(file);
            return null;
        } catch (ConfigException | IllegalArgumentException | UncheckedIOException e) {
            return e;
        }
    }

    /**
     * The line of {@code file} holding the key the refusal is about, if the refusal names one that is set there:
     * a ConfigException with its file, section and key, or a Kafka key (whose reader knows no lines).
     */
    private static OptionalInt lineToSkip(Path file, RuntimeException refusal) {
        final IniFile ini;
        try {
            ini = IniFile.read(file);
        } catch (ConfigException e) {
            return OptionalInt.empty();
        }
        if (refusal instanceof ConfigException config
                && file.toString().equals(config.file())
                && config.section() != null
                && config.key() != null) {
            return lineOf(ini, config.section(), config.key());
        }
        for (Throwable cause = refusal; cause != null; cause = cause.getCause()) {
            if (cause instanceof KafkaKeyException kafka) {
                return lineOf(ini, kafka.section(), kafka.key());
            }
        }
        return OptionalInt.empty();
    }

    private static OptionalInt lineOf(IniFile ini, String section, String key) {
        final Optional<Integer> line = ini.value(section, key).map(IniValue::lineOrNull);
        return line.map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /** The refusal's message; a Kafka key's gets the line its reader cannot know. */
    private static String message(RuntimeException refusal, OptionalInt line) {
        final String text = refusal.getMessage();
        if (refusal instanceof ConfigException config && config.line() != null || line.isEmpty()) {
            return text;
        }
        final int colon = text.indexOf(": [");
        return colon < 0 ? text : text.substring(0, colon) + ":" + line.getAsInt() + text.substring(colon);
    }

    /** Comments out the 1-based {@code line} and the indented continuation lines of its value. */
    private static void commentOut(List<String> lines, int line) {
        int index = line - 1;
        lines.set(index, "# " + lines.get(index));
        for (index++; index < lines.size(); index++) {
            final String next = lines.get(index);
            if (next.isBlank() || !Character.isWhitespace(next.charAt(0))) {
                break;
            }
            lines.set(index, "# " + next);
        }
    }
}
