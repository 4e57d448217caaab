package io.fleetban.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) of the child processes this JVM has waited for, from {@code /proc/self/stat}'s cutime and
 * cstime: the kernel adds a child's whole CPU time there when it is reaped, every thread and every descendant it
 * waited for included (such as a launcher's training JVM). Read before a child starts and after it was waited for,
 * the difference is that child's exact cost, which sampling its own {@code /proc/<pid>/stat} while it runs misses
 * the end of (and its children).
 */
final class ReapedChildrenCpu {

    /** USER_HZ, the unit of /proc's tick counts (100 on Linux). */
    private static final long TICK_NANOS = 10_000_000L;

    private ReapedChildrenCpu() {}

    /** cutime + cstime of this process so far, in nanoseconds. */
    static long nanos() {
        try {
            final String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name (which may hold spaces) start after its last ')'; cutime and cstime are
            // fields 16 and 17 of the whole line.
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * TICK_NANOS;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/stat", e);
        }
    }
}
