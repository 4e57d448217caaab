package io.fleetban.fail2ban.ini;

import io.fleetban.fail2ban.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One INI file read the way fail2ban reads it (Python's {@code configparser} with fail2ban's settings), without
 * includes or interpolation: those belong to {@link LayeredConfig}. Used for fail2ban's files and for fleetban.conf.
 * <ul>
 *   <li>{@code [section]} headers; {@code [DEFAULT]} is kept as an ordinary entry here (named {@value #DEFAULT}).</li>
 *   <li>{@code key = value} or {@code key: value}; the first '=' or ':' splits; keys are lower-cased
 *       (Python's {@code optionxform}), section names keep their case.</li>
 *   <li>A line whose first non-blank character is '#' or ';' is a comment, also inside a multi-line value.</li>
 *   <li>An inline comment starts at a ';' that follows whitespace (fail2ban sets {@code inline_comment_prefixes=";"});
 *       a '#' after the value is part of the value, so regexes keep their '#'.</li>
 *   <li>A line indented deeper than its option line continues the value (joined with '\n', each line stripped);
 *       blank lines inside a value are kept, trailing ones dropped.</li>
 *   <li>A section or a key appearing twice in one file is an error (Python's strict mode).</li>
 * </ul>
 */
public final class IniFile {
    /** fail2ban's (and Python's) name of the section whose options every other section sees. */
    public static final String DEFAULT = "DEFAULT";

    private static final Pattern SECTION = Pattern.compile("\\[(?<header>.+)]");
    private static final Pattern OPTION = Pattern.compile("(?<key>.*?)\\s*[=:]\\s*(?<value>.*)");

    private final Path file;
    private final Map<String, Map<String, IniValue>> sections;
    private final Map<String, Integer> sectionLines;

    private IniFile(Path file, Map<String, Map<String, IniValue>> sections, Map<String, Integer> sectionLines) {
        this.file = file;
        this.sections = sections;
        this.sectionLines = sectionLines;
    }

    /**
     * Reads and parses a UTF-8 file.
     *
     * @throws ConfigException if the file cannot be read or has a syntax error (naming file and line)
     */
    public static IniFile read(Path file) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, null, null, "cannot read: " + e, e);
        }
        return parse(file, lines);
    }

    /** Parses the given lines as if read from {@code file} (used in error messages only). */
    public static IniFile parse(Path file, List<String> lines) {
        final Parser p = new Parser(file);
        for (int i = 0; i < lines.size(); i++) {
            p.line(i + 1, lines.get(i));
        }
        return p.finish();
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** Section names in file order (including {@value #DEFAULT} if present). */
    public List<String> sectionNames() {
        return List.copyOf(sections.keySet());
    }

    /** All sections in file order, each with its options in file order (raw text). */
    public Map<String, Map<String, String>> sections() {
        final Map<String, Map<String, String>> out = new LinkedHashMap<>();
        sections.forEach((name, opts) -> out.put(name, section(name).orElseThrow()));
        return Collections.unmodifiableMap(out);
    }

    /** One section's options (raw text, in file order), if the section exists. */
    public Optional<Map<String, String>> section(String name) {
        final Map<String, IniValue> opts = sections.get(name);
        if (opts == null) {
            return Optional.empty();
        }
        final Map<String, String> out = new LinkedHashMap<>();
        opts.forEach((k, v) -> out.put(k, v.text()));
        return Optional.of(Collections.unmodifiableMap(out));
    }

    /** One section's options with their origins, if the section exists. */
    public Optional<Map<String, IniValue>> values(String name) {
        final Map<String, IniValue> opts = sections.get(name);
        return opts == null ? Optional.empty() : Optional.of(Collections.unmodifiableMap(opts));
    }

    /** One raw value with its origin. */
    public Optional<IniValue> value(String section, String key) {
        final Map<String, IniValue> opts = sections.get(section);
        return opts == null ? Optional.empty() : Optional.ofNullable(opts.get(key.toLowerCase(Locale.ROOT)));
    }

    /** The line of the option, or of its section header, or null: for errors about a key. */
    public Integer lineOf(String section, String key) {
        return value(section, key).map(IniValue::lineOrNull).orElse(sectionLines.get(section));
    }

    /** The line of the section's (first) header, or null if there is no such section. */
    public Integer sectionLine(String section) {
        return sectionLines.get(section);
    }

    /** An error about {@code key} in {@code section} of this file, at that key's line. */
    public ConfigException error(String section, String key, String message) {
        return new ConfigException(file.toString(), lineOf(section, key), section, key, message);
    }

    /** Line-by-line state of Python's {@code RawConfigParser._read}. */
    private static final class Parser {
        private final Path file;
        private final Map<String, Map<String, IniValue>> sections = new LinkedHashMap<>();
        private final Map<String, Integer> sectionLines = new LinkedHashMap<>();
        private final Set<String> seenKeys = new HashSet<>();
        private String section;
        private Map<String, IniValue> current;
        private String key;
        private StringBuilder value;
        private int keyLine;
        private int indentLevel;

        Parser(Path file) {
            this.file = file;
        }

        void line(int lineNo, String raw) {
            final String line = raw.replace("\r", "");
            final int commentStart = commentStart(line);
            final String content = (commentStart < 0 ? line : line.substring(0, commentStart)).strip();
            if (content.isEmpty()) {
                if (commentStart < 0 && key != null) {
                    value.append('\n'); // blank line inside a value is kept (empty_lines_in_values)
                }
                return;
            }
            final int indent = indentOf(line);
            if (key != null && indent > indentLevel) {
                value.append('\n').append(content);
                return;
            }
            indentLevel = indent;
            flush();
            final Matcher header = SECTION.matcher(content);
            if (header.lookingAt()) {
                startSection(lineNo, header.group("header"));
            } else if (current == null) {
                throw error(lineNo, null, "option outside any [section]: " + content);
            } else {
                option(lineNo, content);
            }
        }

        private void startSection(int lineNo, String name) {
            // Python's strict mode refuses a repeated section, except DEFAULT, which it simply reopens.
            if (sectionLines.containsKey(name) && !name.equals(DEFAULT)) {
                throw error(lineNo, null, "section [" + name + "] appears twice in this file");
            }
            section = name;
            sectionLines.putIfAbsent(name, lineNo);
            current = sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
        }

        private void option(int lineNo, String content) {
            final Matcher m = OPTION.matcher(content);
            if (!m.matches() || m.group("key").isEmpty()) {
                throw error(lineNo, null, "expected 'key = value', found: " + content);
            }
            key = m.group("key").strip().toLowerCase(Locale.ROOT);
            if (!seenKeys.add(section + "\u0000" + key)) {
                throw error(lineNo, key, "option appears twice in this section of the file");
            }
            keyLine = lineNo;
            value = new StringBuilder(m.group("value").strip());
        }

        private void flush() {
            if (key != null) {
                current.put(key, new IniValue(value.toString().stripTrailing(), file, keyLine));
                key = null;
                value = null;
            }
        }

        IniFile finish() {
            flush();
            return new IniFile(file, sections, sectionLines);
        }

        private ConfigException error(int lineNo, String k, String message) {
            return new ConfigException(file.toString(), lineNo, section, k, message);
        }

        /** Python's rule: full-line '#'/';' comments, inline ';' only after whitespace (or at column 0). */
        private static int commentStart(String line) {
            final String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.startsWith(";")) {
                return 0;
            }
            for (int i = line.indexOf(';'); i >= 0; i = line.indexOf(';', i + 1)) {
                if (i == 0 || Character.isWhitespace(line.charAt(i - 1))) {
                    return i;
                }
            }
            return -1;
        }

        private static int indentOf(String line) {
            int i = 0;
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            return i;
        }
    }
}
