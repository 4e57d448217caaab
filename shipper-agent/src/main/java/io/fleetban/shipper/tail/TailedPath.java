package io.fleetban.shipper.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log path and the files seen under it: rotated or copied files found again and read to their end first, the
 * current file, rotated-away files still being read for a grace period, and finished files whose last lines are
 * still in flight. Each poll costs one stat of the path (size and inode) and a read only when the file grew.
 */
final class TailedPath implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TailedPath.class);
    /** Bounds one poll's work on a backlog so other files and checkpoints get their turn. */
    static final long MAX_BYTES_PER_POLL = 4L * 1024 * 1024;

    private final Path path;
    private final TailOptions options;
    private final FirstStart firstStart;
    private final List<Checkpoint> restored;
    private final TailCounters counters;
    private final List<OpenLogFile> recovering = new ArrayList<>();
    private final List<Retiring> retiring = new ArrayList<>();
    private final List<FileCursor> settling = new ArrayList<>();
    private final boolean readBefore;
    private boolean presentAtStartup;
    private boolean restoredRecovered;
    private OpenLogFile current;
    /** The path's size at the last poll: what copytruncate cut unread is at least this minus our position. */
    private long lastSeenSize;

    private record Retiring(OpenLogFile file, long lastGrowthNanos) {}

    /**
     * How a path never read before is started, when its file exists at start-up.
     *
     * @param readFrom where to start
     * @param window   for {@link ReadFrom#FINDTIME}: the jails' findtime and date detection, if any jail has dates
     * @param now      the time findtime counts back from
     */
    record FirstStart(ReadFrom readFrom, Optional<StartWindow> window, Instant now) {}

    /**
     * @param restored   the checkpoints saved under this path by the previous run, oldest file first
     * @param readBefore true when the previous run tailed this path: {@code read.from} does not apply to it
     */
    TailedPath(
            Path path,
            TailOptions options,
            FirstStart firstStart,
            List<Checkpoint> restored,
            boolean readBefore,
            boolean presentAtStartup,
            TailCounters counters) {
        this.path = path;
        this.options = options;
        this.firstStart = firstStart;
        this.restored = List.copyOf(restored);
        this.readBefore = readBefore || !restored.isEmpty();
        this.presentAtStartup = presentAtStartup;
        this.counters = counters;
    }

    Path path() {
        return path;
    }

    /**
     * Opens the file now if it exists, so that reading "from the end" means from the end at start-up, not at the
     * first poll; then looks for the files of the previous run's checkpoints that are no longer at the path.
     */
    void open() throws IOException {
        BasicFileAttributes attributes = stat();
        if (current == null && attributes != null && attributes.isRegularFile()) {
            current = open(attributes);
        }
        if (!restoredRecovered) {
            restoredRecovered = true;
            recoverRestored();
        }
    }

    /** Reads what was appended since the last poll; returns true when a backlog is left for the next poll. */
    boolean poll(LineSink sink, long nowNanos) throws IOException {
        BasicFileAttributes attributes = stat();
        followPath(sink, nowNanos, attributes);
        if (current == null && attributes != null && attributes.isRegularFile()) {
            current = open(attributes);
        }
        if (!restoredRecovered) {
            restoredRecovered = true;
            recoverRestored();
        }
        presentAtStartup = false;
        lastSeenSize = attributes == null ? 0 : attributes.size();
        // Lines stay in file order: what a rotation or copytruncate left unread comes before the new file.
        boolean backlog = recovering.isEmpty() ? readCurrent(sink, attributes) : readRecovering(sink, nowNanos);
        drainRetiring(sink, nowNanos);
        settling.removeIf(FileCursor::settled);
        return backlog;
    }

    /** Notices a rotation (another file, or none, at the path) or a truncation of the file being read. */
    private void followPath(LineSink sink, long nowNanos, BasicFileAttributes attributes) throws IOException {
        if (current == null) {
            return;
        }
        if (attributes == null) {
            // Moved away or deleted (rotation without a new file yet): finish it under the grace period, so a
            // deleted file's space is not pinned by our open descriptor forever.
            rotate(sink, nowNanos);
        } else if (!fileKey(attributes).equals(current.fileKey())) {
            rotate(sink, nowNanos);
        } else if (attributes.size() < current.position()
                || attributes.size() > current.position() && current.headChanged()) {
            truncated();
        }
    }

    /** Reads the file at the path; true when a backlog is left. */
    private boolean readCurrent(LineSink sink, BasicFileAttributes attributes) throws IOException {
        // The stat above already tells whether anything was appended: an idle file costs no read syscall.
        boolean grown = current != null && (attributes == null || attributes.size() > current.position());
        boolean backlog = grown && current.read(sink, MAX_BYTES_PER_POLL) >= MAX_BYTES_PER_POLL;
        if (current != null && current.replaced()) {
            truncated();
            backlog = true;
        }
        return backlog;
    }

    /** True when nothing is open or in flight under this path any more. */
    boolean idle() {
        return current == null && recovering.isEmpty() && retiring.isEmpty() && settling.isEmpty();
    }

    /** Oldest file first, as {@link #TailedPath} expects them back after a restart. */
    void collectCheckpoints(List<Checkpoint> into) {
        settling.forEach(cursor -> into.add(cursor.checkpoint()));
        retiring.stream().map(r -> r.file().cursor()).filter(c -> c != null).forEach(c -> into.add(c.checkpoint()));
        recovering.stream().map(OpenLogFile::cursor).forEach(c -> into.add(c.checkpoint()));
        if (current != null) {
            into.add(current.checkpoint());
        }
    }

    /** Rename rotation: a new inode at the path. Finish the old file first, keep reading it for the grace period. */
    private void rotate(LineSink sink, long nowNanos) throws IOException {
        log.info("Log rotation detected: {} was moved or replaced, finishing the old file first", path);
        OpenLogFile old = current;
        current = null;
        while (old.read(sink, MAX_BYTES_PER_POLL) > 0) {
            // Drain the whole old file before the first line of the new one: lines stay in file order.
        }
        retiring.add(new Retiring(old, nowNanos));
    }

    /**
     * copytruncate: same inode, smaller size or another first line. What we had not read yet is in the copy
     * logrotate made just before truncating: find it by its head and read it from our position to its end.
     */
    private void truncated() throws IOException {
        OpenLogFile file = current;
        current = null;
        long unreadAtLeast = Math.max(0, lastSeenSize - file.position());
        Optional<RotatedFileFinder.Found> copy = file.cursor() == null
                ? Optional.empty()
                : RotatedFileFinder.find(path, file.cursor().identity(), file.fileKey());
        if (copy.isPresent()
                && copy.get() instanceof RotatedFileFinder.Found.Readable readable
                && readable.channel().size() > file.position()) {
            log.info(
                    "Log truncation detected: {} shrank below offset {}; reading the rest ({} bytes) from its copy "
                            + "{} first",
                    path,
                    file.position(),
                    readable.channel().size() - file.position(),
                    readable.path());
            file.continueIn(readable.channel(), readable.fileKey());
            counters.recoveredFiles.incrementAndGet();
            recovering.add(file);
            return;
        }
        if (copy.isPresent() && copy.get() instanceof RotatedFileFinder.Found.Readable readable) {
            readable.channel().close(); // the copy holds nothing we have not read
        } else if (copy.isPresent()
                && copy.get() instanceof RotatedFileFinder.Found.Compressed compressed
                && compressed.uncompressedSize() > file.position()) {
            reportCompressed(compressed, file.position());
        } else if (unreadAtLeast > 0) {
            reportLost(
                    file.cursor() == null ? "?" : file.cursor().identity().toString(), file.position(), unreadAtLeast);
        }
        log.info(
                "Log truncation detected: {} shrank below offset {}, reading it again from the start",
                path,
                file.position());
        retire(file);
    }

    /**
     * The previous run's files that are no longer at the path (rotated or copytruncated while the shipper was
     * away): each one found again is read from its checkpoint to its end before the path's current file.
     */
    private void recoverRestored() throws IOException {
        FileIdentity currentIdentity = current == null || current.cursor() == null
                ? null
                : current.cursor().identity();
        String exclude = current == null ? "" : current.fileKey();
        for (Checkpoint checkpoint : restored) {
            if (checkpoint.identity().equals(currentIdentity)
                    || checkpoint.identity().headless()
                            && checkpoint.identity().fileKey().equals(exclude)) {
                continue;
            }
            Optional<RotatedFileFinder.Found> found = RotatedFileFinder.find(path, checkpoint.identity(), exclude);
            if (found.isPresent() && found.get() instanceof RotatedFileFinder.Found.Readable readable) {
                long size = readable.channel().size();
                if (size <= checkpoint.offset()) {
                    readable.channel().close();
                    continue;
                }
                log.info(
                        "{} was {} while the shipper was away: reading {} from offset {} to its end ({} bytes) "
                                + "before the new file",
                        path,
                        readable.copy() ? "truncated after a copy" : "rotated",
                        readable.path(),
                        checkpoint.offset(),
                        size - checkpoint.offset());
                counters.recoveredFiles.incrementAndGet();
                recovering.add(
                        checkpoint.identity().headless()
                                ? new OpenLogFile(
                                        path,
                                        readable.channel(),
                                        readable.fileKey(),
                                        FileHead.digest(readable.channel()),
                                        0,
                                        false,
                                        0,
                                        options.maxLineBytes(),
                                        counters)
                                : OpenLogFile.resumed(
                                        path,
                                        readable.channel(),
                                        readable.fileKey(),
                                        checkpoint.identity(),
                                        checkpoint.offset(),
                                        options.maxLineBytes(),
                                        counters));
            } else if (found.isPresent() && found.get() instanceof RotatedFileFinder.Found.Compressed compressed) {
                if (compressed.uncompressedSize() > checkpoint.offset()) {
                    reportCompressed(compressed, checkpoint.offset());
                }
            } else {
                log.warn(
                        "{}: the file read before ({}) was rotated away and is not next to it any more (deleted?): "
                                + "whatever it held after offset {} is lost",
                        path,
                        checkpoint.identity(),
                        checkpoint.offset());
                counters.unrecoveredFiles.incrementAndGet();
            }
        }
    }

    private void reportCompressed(RotatedFileFinder.Found.Compressed compressed, long offset) {
        long unread = compressed.uncompressedSize() - offset;
        log.warn(
                "{}: the rest of a rotated file ({} bytes from offset {}) is only in the compressed {}, which is not "
                        + "read: those lines are skipped (delaycompress in logrotate keeps the newest rotated file plain)",
                path,
                unread,
                offset,
                compressed.path());
        counters.compressedSkipped.incrementAndGet();
        counters.unrecoveredFiles.incrementAndGet();
        counters.unrecoveredBytes.addAndGet(unread);
    }

    private void reportLost(String identity, long offset, long bytes) {
        log.warn(
                "{} was truncated with at least {} bytes unread after offset {} and no copy with the same first "
                        + "line ({}) is next to it: those lines are lost",
                path,
                bytes,
                offset,
                identity);
        counters.unrecoveredFiles.incrementAndGet();
        counters.unrecoveredBytes.addAndGet(bytes);
    }

    private boolean readRecovering(LineSink sink, long nowNanos) throws IOException {
        OpenLogFile file = recovering.get(0);
        if (file.read(sink, MAX_BYTES_PER_POLL) < MAX_BYTES_PER_POLL) {
            recovering.remove(0);
            // A renamed file may still be written to until its writer reopens the path: the grace period covers it.
            retiring.add(new Retiring(file, nowNanos));
        }
        return true;
    }

    private void drainRetiring(LineSink sink, long nowNanos) throws IOException {
        Iterator<Retiring> it = retiring.iterator();
        List<Retiring> grown = new ArrayList<>();
        while (it.hasNext()) {
            Retiring entry = it.next();
            if (entry.file().read(sink, MAX_BYTES_PER_POLL) > 0) {
                it.remove();
                grown.add(new Retiring(entry.file(), nowNanos));
            } else if (nowNanos - entry.lastGrowthNanos()
                    > options.rotationGrace().toNanos()) {
                it.remove();
                entry.file().finish(sink);
                retire(entry.file());
            }
        }
        retiring.addAll(grown);
    }

    private void retire(OpenLogFile file) throws IOException {
        file.close();
        if (file.cursor() != null && !file.cursor().settled()) {
            settling.add(file.cursor());
        }
    }

    /** Opens the file {@code attributes} describe, or returns null when the path changed meanwhile (next poll). */
    private OpenLogFile open(BasicFileAttributes attributes) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            String key = fileKey(attributes);
            BasicFileAttributes opened = stat();
            if (opened == null || !fileKey(opened).equals(key)) {
                // Rotated between the stat and the open: the channel may be another file than `key` says.
                channel.close();
                return null;
            }
            Optional<String> head = FileHead.digest(channel);
            long size = channel.size();
            return openAt(channel, key, head, size);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private OpenLogFile openAt(FileChannel channel, String key, Optional<String> head, long size) throws IOException {
        Optional<Checkpoint> checkpoint = restored.stream()
                .filter(c -> c.identity().fileKey().equals(key)
                        && (c.identity().headless()
                                || head.isPresent() && c.identity().head().equals(head.get())))
                .reduce((first, second) -> second);
        long start;
        long backlogEnd = 0;
        String reason;
        if (checkpoint.isPresent()) {
            // Same inode and same first line: the file we read before; resume unless it shrank meanwhile.
            start = checkpoint.get().offset() <= size ? checkpoint.get().offset() : 0;
            reason = "checkpoint";
        } else if (readBefore || !presentAtStartup) {
            // A new file at a path we read before (rotated in while we were away) or one that appeared while we run:
            // all of it is new.
            start = 0;
            reason = readBefore ? "a new file at a path read before" : "a new file";
        } else {
            switch (firstStart.readFrom()) {
                case END -> {
                    start = size;
                    reason = "read.from = end";
                }
                case BEGINNING -> {
                    start = 0;
                    reason = "read.from = beginning";
                }
                default -> {
                    FindtimeSeek.Start found = firstStart.window().isPresent()
                            ? FindtimeSeek.find(
                                    channel,
                                    size,
                                    firstStart.now(),
                                    firstStart.window().get(),
                                    counters)
                            : new FindtimeSeek.Start(0, "no jail date detection: reading all of it");
                    start = found.offset();
                    backlogEnd = size;
                    reason = "read.from = findtime, " + found.reason();
                }
            }
        }
        boolean midLine = start > 0 && checkpoint.isEmpty() && !followsNewline(channel, start);
        log.info("Tailing {} from offset {} of {} bytes ({})", path, start, size, reason);
        return new OpenLogFile(path, channel, key, head, start, midLine, backlogEnd, options.maxLineBytes(), counters);
    }

    private static boolean followsNewline(FileChannel channel, long offset) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        return channel.read(last, offset - 1) == 1 && last.get(0) == '\n';
    }

    private BasicFileAttributes stat() throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            // Between a rename and the creation of the new file the path is briefly missing.
            return null;
        }
    }

    static String fileKey(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return key != null ? key.toString() : "size-only";
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
        }
        for (OpenLogFile file : recovering) {
            file.close();
        }
        for (Retiring entry : retiring) {
            entry.file().close();
        }
    }
}
