package io.fleetban.cli.regex;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetban.cli.RegexCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code fleetban regex} in-process and captures what it prints. */
record RegexCli(int exitCode, String out, String err) {

    /** The tutorial's filter and its safe form, from the repository's examples/. */
    static final Path SEED_FILTER =
            Path.of("..", "examples", "filter.d", "fail.conf").toAbsolutePath().normalize();

    static final Path SAFE_FILTER = Path.of("..", "examples", "filter.d", "fail-safe.conf")
            .toAbsolutePath()
            .normalize();

    private static final ObjectMapper JSON = new ObjectMapper();

    static RegexCli run(String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = new CommandLine(new RegexCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new RegexCli(code, out.toString(), err.toString());
    }

    /** The --json lines as maps. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> jsonLines() {
        final List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(JSON.readValue(line, Map.class));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return lines;
    }

    static Path write(Path dir, String name, String content) throws IOException {
        final Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
