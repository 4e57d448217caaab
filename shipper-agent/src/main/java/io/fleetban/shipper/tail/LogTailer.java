package io.fleetban.shipper.tail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the files named by a set of logpath globs and hands each complete appended line to a {@link LineSink}.
 *
 * <p>Polling is the guarantee: each {@link #poll} costs one {@code stat} per tailed path (size and inode), so a short
 * poll interval (10 ms) bounds detection latency at negligible CPU, and it behaves the same on every file system,
 * NFS included; {@link AppendWatch} (inotify) only makes the caller poll sooner. Survives rename rotation (a new
 * inode at the path: the old file is finished first, then the new one is read from offset 0), copytruncate (the file
 * shrank: the unread rest is read from the copy, then the file again from 0), both of these while the shipper was
 * stopped (the checkpointed file is found again next to the path by inode or by its first line), and files that
 * appear later. Not thread-safe: one reader thread polls; only {@link FileCursor} hold/release cross threads.
 */
public final class LogTailer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogTailer.class);

    private final List<LogPathGlob> globs;
    private final TailOptions options;
    private final Map<Path, List<Checkpoint>> restored = new HashMap<>();
    private final Map<Path, TailedPath> tailed = new LinkedHashMap<>();
    private final Map<Path, String> lastErrors = new HashMap<>();
    private final Set<Path> readBefore = new HashSet<>();
    private final Function<Path, Optional<StartWindow>> windows;
    private final Clock clock;
    private final TailCounters counters;
    private long lastScanNanos;

    /**
     * A tailer with no {@code findtime} windows ({@link ReadFrom#FINDTIME} reads whole files) and its own counters.
     *
     * @param globs      the logpath entries of every enabled jail (a path named twice is tailed once)
     * @param options    how to read
     * @param checkpoint the positions saved by the previous run
     */
    public LogTailer(Collection<LogPathGlob> globs, TailOptions options, Collection<Checkpoint> checkpoint) {
        this(
                globs,
                options,
                SavedPositions.of(checkpoint),
                path -> Optional.empty(),
                Clock.systemUTC(),
                new TailCounters());
    }

    /**
     * @param globs    the logpath entries of every enabled jail (a path named twice is tailed once)
     * @param options  how to read
     * @param saved    the positions and paths saved by the previous run
     * @param windows  for {@link ReadFrom#FINDTIME}: each log file's findtime and date detection
     * @param clock    the time findtime counts back from
     * @param counters where the tailer counts what it did
     */
    public LogTailer(
            Collection<LogPathGlob> globs,
            TailOptions options,
            SavedPositions saved,
            Function<Path, Optional<StartWindow>> windows,
            Clock clock,
            TailCounters counters) {
        this.globs = List.copyOf(globs);
        this.options = Objects.requireNonNull(options, "options");
        this.windows = Objects.requireNonNull(windows, "windows");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.counters = Objects.requireNonNull(counters, "counters");
        saved.checkpoints()
                .forEach(c -> restored.computeIfAbsent(c.path(), p -> new ArrayList<>())
                        .add(c));
        readBefore.addAll(saved.readPaths());
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

    /**
     * The paths to save as read: every path tailed now, also one whose file does not exist yet (whatever appears
     * there while the shipper is stopped is new). A file found at one of them after a restart is read from its
     * beginning, whatever {@link ReadFrom} says: it was rotated or created while the shipper was away.
     */
    public Set<Path> readPaths() {
        return Set.copyOf(tailed.keySet());
    }

    /** Where to save: the checkpoints and the paths read. */
    public SavedPositions saved() {
        return new SavedPositions(checkpoints(), readPaths());
    }

    /** What the tailer counted since start. */
    public TailCounters counters() {
        return counters;
    }

    /** Lines cut at {@link TailOptions#maxLineBytes()} since start. */
    public long truncatedLines() {
        return counters.truncatedLines();
    }

    private void scan(boolean startup) {
        for (LogPathGlob glob : globs) {
            try {
                for (Path file : glob.expand()) {
                    if (!tailed.containsKey(file)) {
                        TailedPath.FirstStart firstStart = new TailedPath.FirstStart(
                                options.readFrom(),
                                options.readFrom() == ReadFrom.FINDTIME ? windows.apply(file) : Optional.empty(),
                                clock.instant());
                        TailedPath path = new TailedPath(
                                file,
                                options,
                                firstStart,
                                restored.getOrDefault(file, List.of()),
                                readBefore.contains(file),
                                startup && Files.exists(file),
                                counters);
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
