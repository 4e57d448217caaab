package io.fleetban.testkit.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads fail2ban's annotated sample logs the way its own harness ({@code tests/samplestestcase.py}) walks them:
 * {@code # failJSON:} describes the next line, {@code # filterOptions:} starts a block run under each listed option
 * set, {@code # fileOptions:} applies to every set of the file, {@code # addFILE:} chains another file, and
 * {@code test.condition}/{@code constraint} (Python expressions in the corpus) are evaluated for the forms the corpus
 * uses ({@code name == 'sshd'}, {@code opts.get('mode') != 'aggressive'}).
 */
public final class SampleLogReader {

    private static final Pattern ANNOTATION = Pattern.compile("^#+ ?(failJSON|(?:file|filter)Options|addFILE):(.+)$");
    private static final Pattern CONDITION =
            Pattern.compile("^\\s*(name|opts\\.get\\('([^']+)'\\))\\s*(==|!=)\\s*'([^']*)'\\s*$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path logDir;
    private final String filter;
    private final List<SampleLogCase> cases = new ArrayList<>();
    private Map<String, String> fileOptions = Map.of();
    private List<Map<String, String>> optionSets;

    private SampleLogReader(Path logDir, String filter) {
        this.logDir = logDir;
        this.filter = filter;
    }

    /** All cases of one filter's sample log (and the files it chains). */
    public static List<SampleLogCase> read(Path logDir, String filter) {
        SampleLogReader reader = new SampleLogReader(logDir, filter);
        List<String> files = new ArrayList<>(List.of(filter));
        for (int i = 0; i < files.size(); i++) {
            reader.readFile(files.get(i), files);
        }
        return reader.cases;
    }

    private void readFile(String file, List<String> files) {
        List<String> lines = lines(logDir.resolve(file));
        boolean ignoreBlock = false;
        JsonNode failData = JSON.createObjectNode();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher a = ANNOTATION.matcher(line);
            if (a.matches()) {
                JsonNode data = json(a.group(2), file, i + 1);
                switch (a.group(1)) {
                    case "fileOptions" -> fileOptions = strings(data);
                    case "filterOptions" -> ignoreBlock = startOptionBlock(data);
                    case "addFILE" -> files.add(data.asText());
                    default -> {
                        failData = data;
                        i++;
                        if (i < lines.size() && !ignoreBlock) {
                            addCases(file, i + 1, lines.get(i), failData);
                        }
                    }
                }
                continue;
            }
            if (ignoreBlock || line.startsWith("#") || line.isBlank()) {
                continue;
            }
            addCases(file, i + 1, line, JSON.createObjectNode());
        }
    }

    private boolean startOptionBlock(JsonNode data) {
        optionSets = new ArrayList<>();
        boolean ignore = false;
        for (JsonNode set : data.isArray() ? data : List.of(data)) {
            Map<String, String> opts = new LinkedHashMap<>(fileOptions);
            opts.putAll(strings(set));
            if (opts.containsKey("test.condition")) {
                ignore = !holds(opts.get("test.condition"), opts);
            }
            if (!ignore) {
                optionSets.add(opts);
            }
        }
        return ignore;
    }

    private void addCases(String file, int lineNo, String rawLine, JsonNode failData) {
        if (optionSets == null) {
            optionSets = List.of(Map.of());
        }
        String line = rawLine;
        for (Map<String, String> opts : optionSets) {
            if (failData.has("constraint") && !holds(failData.get("constraint").asText(), opts)) {
                continue;
            }
            boolean journal = "journal".equals(opts.get("logtype"));
            String fed = journal ? opts.getOrDefault("test.prefix-line", "") + line : line;
            Map<String, String> filterOpts = new LinkedHashMap<>(opts);
            filterOpts.keySet().removeIf(k -> k.startsWith("test."));
            cases.add(new SampleLogCase(
                    filter,
                    file,
                    lineNo,
                    Map.copyOf(filterOpts),
                    journal,
                    fed,
                    failData.path("match").asBoolean(false),
                    text(failData, "host"),
                    text(failData, "time")));
        }
    }

    private boolean holds(String expression, Map<String, String> opts) {
        Matcher m = CONDITION.matcher(expression);
        if (!m.matches()) {
            throw new IllegalStateException("unsupported corpus condition in " + filter + ": " + expression);
        }
        String actual = m.group(2) == null ? filter : opts.get(m.group(2));
        boolean equal = m.group(4).equals(actual);
        return m.group(3).equals("==") == equal;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private JsonNode json(String text, String file, int lineNo) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("bad JSON annotation at " + file + ":" + lineNo, e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            // Python reads the corpus with universal newlines: \r\n and \r end a line like \n.
            String text = Files.readString(file, StandardCharsets.UTF_8)
                    .replace("\r\n", "\n")
                    .replace('\r', '\n');
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
