package io.fleetban.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs fail2ban's own {@code fail2ban-regex} (from an extracted Debian package, never installed or started as a
 * service) on a log and filter, started with an argument vector, and reads its summary: the line counts, its own
 * "[processed in N sec]" (the matching loop, without Python start-up and filter compilation) and its CPU time
 * ({@link ProcStat#reapedChildrenNanos}: exact, start-up included).
 */
final class Fail2banRegexPeer {

    private static final Pattern LINES =
            Pattern.compile("Lines: (\\d+) lines, (\\d+) ignored, (\\d+) matched, (\\d+) missed");
    private static final Pattern PROCESSED = Pattern.compile("\\[processed in ([0-9.]+) sec\\]");

    /** What one fail2ban-regex run reported. */
    record Run(long lines, long ignored, long matched, double processedSeconds, double wallSeconds, double cpuSeconds) {
        double linesPerSecond() {
            return lines / processedSeconds;
        }

        double linesPerCpuSecond() {
            return lines / cpuSeconds;
        }
    }

    private final Path script;
    private final Path pythonPath;
    private final String interpreter;

    private Fail2banRegexPeer(Path script, Path pythonPath, String interpreter) {
        this.script = script;
        this.pythonPath = pythonPath;
        this.interpreter = interpreter;
    }

    /** The peer, or empty when the script is not there (the bench then says so and skips it). */
    static Optional<Fail2banRegexPeer> find(Path script, Path pythonPath) {
        return Files.isRegularFile(script)
                ? Optional.of(new Fail2banRegexPeer(script, pythonPath, interpreter(script)))
                : Optional.empty();
    }

    /**
     * The interpreter the script's {@code #!} line names ({@code /usr/bin/python3} in Debian's package, the Python
     * fail2ban runs on when installed) when it is there, else {@code python3} from the PATH. A PATH may put another
     * build first (pyenv's, say), which can be much slower and would flatter fleetban.
     */
    private static String interpreter(Path script) {
        try (var lines = Files.lines(script, StandardCharsets.ISO_8859_1)) {
            final String first = lines.findFirst().orElse("");
            if (first.startsWith("#!")) {
                final String[] words = first.substring(2).trim().split("\\s+");
                if (words.length == 1 && Files.isExecutable(Path.of(words[0]))) {
                    return words[0];
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // unreadable here: the run itself reports it
        }
        return "python3";
    }

    /** The Python the peer runs on. */
    String interpreter() {
        return interpreter;
    }

    Run run(Path log, Path filter, Path workDir) {
        final Path output = workDir.resolve("fail2ban-regex-" + log.getFileName() + ".out");
        final ProcessBuilder pb = new ProcessBuilder(
                        List.of(interpreter, script.toString(), "--print-no-missed", log.toString(), filter.toString()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put("PYTHONPATH", pythonPath.toString());
        try {
            final long cpuBefore = ProcStat.self().reapedChildrenNanos();
            final long start = System.nanoTime();
            final Process process = pb.start();
            final int exit = process.waitFor();
            final double wall = (System.nanoTime() - start) / 1e9;
            final double cpu = (ProcStat.self().reapedChildrenNanos() - cpuBefore) / 1e9;
            final String text = Files.readString(output, StandardCharsets.UTF_8);
            final Matcher lines = LINES.matcher(text);
            final Matcher processed = PROCESSED.matcher(text);
            if (exit != 0 || !lines.find()) {
                throw new IllegalStateException("fail2ban-regex exited " + exit + " without a summary; see " + output);
            }
            final OptionalDouble seconds = processed.find()
                    ? OptionalDouble.of(Double.parseDouble(processed.group(1)))
                    : OptionalDouble.empty();
            return new Run(
                    Long.parseLong(lines.group(1)),
                    Long.parseLong(lines.group(2)),
                    Long.parseLong(lines.group(3)),
                    seconds.orElse(wall),
                    wall,
                    cpu);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run fail2ban-regex: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fail2ban-regex ran", e);
        }
    }
}
