package io.fleetban.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time from {@code /proc/<pid>/stat}, user + system, in clock ticks: its own (utime + stime, every
 * thread), and that of the children it has waited for (cutime + cstime). The kernel adds a child's whole CPU time to
 * the latter when it is reaped, every thread and every descendant it waited for included (such as a launcher's
 * training JVM): read before a child starts and after it was waited for, the difference is that child's exact cost,
 * which sampling the child's own line while it runs misses the end of. CPU time is a figure the machine's other load
 * does not inflate, unlike wall time.
 *
 * @param ownTicks            utime + stime
 * @param reapedChildrenTicks cutime + cstime
 */
record ProcStat(long ownTicks, long reapedChildrenTicks) {

    /** USER_HZ, the unit of /proc's tick counts (100 on Linux). */
    static final long TICK_NANOS = 10_000_000L;

    static ProcStat read(Path stat) throws IOException {
        final String line = Files.readString(stat);
        // Fields after the command name (which may hold spaces) start after its last ')'; utime, stime, cutime and
        // cstime are fields 14 to 17 of the whole line.
        final String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return new ProcStat(
                Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
    }

    static ProcStat of(long pid) {
        return readUnchecked(Path.of("/proc", Long.toString(pid), "stat"));
    }

    static ProcStat self() {
        return readUnchecked(Path.of("/proc/self/stat"));
    }

    long ownNanos() {
        return ownTicks * TICK_NANOS;
    }

    long reapedChildrenNanos() {
        return reapedChildrenTicks * TICK_NANOS;
    }

    private static ProcStat readUnchecked(Path stat) {
        try {
            return read(stat);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stat, e);
        }
    }
}
