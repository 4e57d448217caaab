package io.fleetban.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Size and removal of a benchmark's work directory tree. */
final class WorkDir {

    private WorkDir() {}

    /** Bytes of all regular files under {@code dir} (0 when it does not exist). */
    static long size(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(WorkDir::sizeOf).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
    }

    /** At the end of a bench: keeps {@code dir} (and says where) or deletes it. */
    static void keepOrDelete(PrintWriter out, Path dir, boolean keep) {
        if (keep) {
            out.println("kept " + dir);
        } else {
            delete(dir);
        }
        out.flush();
    }

    static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // a RocksDB file removed by compaction while we walk: it no longer takes space
        }
    }
}
