package io.fleetban.shipper.tail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * A jail's {@code logpath} entry: a literal path or a glob ({@code /var/log/nginx/*access.log}), expanded like
 * fail2ban expands it with Python's {@code glob}: {@code *}, {@code ?} and {@code [..]} never cross a {@code /}.
 */
public final class LogPathGlob {

    private final String pattern;
    private final Path literalPrefix;
    private final int depth;
    private final PathMatcher matcher;

    private LogPathGlob(String pattern, Path literalPrefix, int depth) {
        this.pattern = pattern;
        this.literalPrefix = literalPrefix;
        this.depth = depth;
        this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }

    /** Parses an absolute logpath; relative paths are refused because fail2ban resolves none either. */
    public static LogPathGlob of(String pattern) {
        Path path = Path.of(pattern);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("logpath must be absolute: " + pattern);
        }
        Path prefix = path.getRoot();
        int index = 0;
        for (; index < path.getNameCount(); index++) {
            if (hasGlobSyntax(path.getName(index).toString())) {
                break;
            }
            prefix = prefix.resolve(path.getName(index));
        }
        return new LogPathGlob(pattern, prefix, path.getNameCount() - index);
    }

    /** True for a plain path, which is tailed (and waited for) even before it exists. */
    public boolean isLiteral() {
        return depth == 0;
    }

    public String pattern() {
        return pattern;
    }

    /** True when {@code file} is one of the paths this entry names. */
    public boolean matches(Path file) {
        return isLiteral() ? literalPrefix.equals(file) : matcher.matches(file);
    }

    /** The regular files the pattern names right now (for a literal path: the path itself). */
    public List<Path> expand() {
        if (isLiteral()) {
            return List.of(literalPrefix);
        }
        try (Stream<Path> candidates = Files.find(
                literalPrefix,
                depth,
                (file, attributes) -> matcher.matches(file)
                        && (attributes.isRegularFile() || attributes.isSymbolicLink() && Files.isRegularFile(file)))) {
            return candidates.sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot expand logpath " + pattern, e);
        }
    }

    private static boolean hasGlobSyntax(String name) {
        return name.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    @Override
    public String toString() {
        return pattern;
    }
}
