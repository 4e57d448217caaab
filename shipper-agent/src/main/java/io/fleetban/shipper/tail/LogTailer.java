package io.fleetban.shipper.tail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the files named by a set of logpath globs and hands each complete appended line to a {@link LineSink}.
 *
 * <p>Polling is the guarantee: each {@link #poll} costs one {@code stat} per tailed path (size and inode), so a short
 * poll interval (10 ms) bounds detection latency at negligible CPU, and it behaves the same on every file system,
 * NFS included; {@link AppendWatch} (inotify) only makes the caller poll sooner. Survives rename rotation (a new inode at the path: the old file is finished first, then
 * the new one is read from offset 0), copytruncate (the file shrank: read again from 0) and files that appear
 * later. Not thread-safe: one reader thread polls; only {@link FileCursor} hold/release cross threads.
 */
public final class LogTailer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogTailer.class);

    private final List<LogPathGlob> globs;
    private final TailOptions options;
    private final Map<Path, List<Checkpoint>> restored = new HashMap<>();
    private final Map<Path, TailedPath> tailed = new LinkedHashMap<>();
    private final Map<Path, String> lastErrors = new HashMap<>();
    private final AtomicLong truncatedLines = new AtomicLong();
    private long lastScanNanos;

    /**
     * @param globs      the logpath entries of every enabled jail (a path named twice is tailed once)
     * @param options    how to read
     * @param checkpoint the positions saved by the previous run
     */
    public LogTailer(Collection<LogPathGlob> globs, TailOptions options, Collection<Checkpoint> checkpoint) {
        this.globs = List.copyOf(globs);
        this.options = Objects.requireNonNull(options, "options");
        checkpoint.forEach(c -> restored.computeIfAbsent(c.path(), p -> new ArrayList<>()).add(c));
        scan(true);
        lastScanNanos = System.nanoTime();
    }

    /**
     * Reads every tailed file once. Returns true when some file still has a backlog, so the caller polls
     * again at once instead of waiting for the poll interval.
     */
    public boolean poll(LineSink sink) {
        long now = System.nanoTime();
        if (now - lastScanNanos >= options.rescanInterval().toNanos()) {
            scan(false);
            lastScanNanos = now;
        }
        boolean backlog = false;
        for (Iterator<TailedPath> it = tailed.values().iterator(); it.hasNext(); ) {
            TailedPath path = it.next();
            try {
                backlog |= path.poll(sink, now);
                lastErrors.remove(path.path());
            } catch (IOException | UncheckedIOException e) {
                reportOnce(path.path(), e);
            }
            if (path.idle() && !isNamed(path.path()) && !Files.exists(path.path())) {
                it.remove();
            }
        }
        return backlog;
    }

    /** Where each open or in-flight file would resume, for the checkpoint store. */
    public List<Checkpoint> checkpoints() {
        List<Checkpoint> all = new ArrayList<>();
        tailed.values().forEach(path -> path.collectCheckpoints(all));
        return all;
    }

    /** The paths currently tailed. */
    public Set<Path> tailedPaths() {
        return Set.copyOf(tailed.keySet());
    }

    /** Lines cut at {@link TailOptions#maxLineBytes()} since start. */
    public long truncatedLines() {
        return truncatedLines.get();
    }

    private void scan(boolean startup) {
        for (LogPathGlob glob : globs) {
            try {
                for (Path file : glob.expand()) {
                    if (!tailed.containsKey(file)) {
                        TailedPath path = new TailedPath(file, options, restored.getOrDefault(file, List.of()),
                                startup && Files.exists(file), truncatedLines);
                        tailed.put(file, path);
                        path.open();
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                reportOnce(Path.of(glob.pattern()), e);
            }
        }
    }

    private boolean isNamed(Path path) {
        return globs.stream().anyMatch(g -> g.isLiteral() && g.matches(path));
    }

    /** A file we cannot read is reported when the problem starts or changes, not at every 10 ms poll. */
    private void reportOnce(Path path, Exception e) {
        String message = String.valueOf(e.getMessage());
        if (!message.equals(lastErrors.put(path, message))) {
            log.warn("Cannot read {}: {}", path, message, e);
        }
    }

    @Override
    public void close() {
        for (TailedPath path : tailed.values()) {
            try {
                path.close();
            } catch (IOException e) {
                log.warn("Closing {} failed: {}", path.path(), e.getMessage(), e);
            }
        }
        tailed.clear();
    }
}
