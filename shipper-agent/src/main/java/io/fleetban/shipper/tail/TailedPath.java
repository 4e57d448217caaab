package io.fleetban.shipper.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log path and the files seen under it: the current file, rotated-away files still being read for a grace
 * period, and finished files whose last lines are still in flight. Each poll costs one stat of the path (size and
 * inode) and a read only when the file grew.
 */
final class TailedPath implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TailedPath.class);
    /** Bounds one poll's work on a backlog so other files and checkpoints get their turn. */
    static final long MAX_BYTES_PER_POLL = 4L * 1024 * 1024;

    private final Path path;
    private final TailOptions options;
    private final List<Checkpoint> restored;
    private final AtomicLong truncatedLines;
    private final List<Retiring> retiring = new ArrayList<>();
    private final List<FileCursor> settling = new ArrayList<>();
    private boolean presentAtStartup;
    private OpenLogFile current;

    private record Retiring(OpenLogFile file, long lastGrowthNanos) { }

    TailedPath(Path path, TailOptions options, List<Checkpoint> restored, boolean presentAtStartup,
               AtomicLong truncatedLines) {
        this.path = path;
        this.options = options;
        this.restored = List.copyOf(restored);
        this.presentAtStartup = presentAtStartup;
        this.truncatedLines = truncatedLines;
    }

    Path path() {
        return path;
    }

    /**
     * Opens the file now if it exists, so that reading "from the end" means from the end at start-up, not at the
     * first poll.
     */
    void open() throws IOException {
        BasicFileAttributes attributes = stat();
        if (current == null && attributes != null && attributes.isRegularFile()) {
            current = open(attributes);
        }
    }

    /** Reads what was appended since the last poll; returns true when a backlog is left for the next poll. */
    boolean poll(LineSink sink, long nowNanos) throws IOException {
        BasicFileAttributes attributes = stat();
        if (current != null && attributes == null) {
            // Moved away or deleted (rotation without a new file yet): finish it under the grace period, so a
            // deleted file's space is not pinned by our open descriptor forever.
            rotate(sink, nowNanos);
        } else if (current != null) {
            if (!fileKey(attributes).equals(current.fileKey())) {
                rotate(sink, nowNanos);
            } else if (attributes.size() < current.position()
                    || attributes.size() > current.position() && current.headChanged()) {
                truncated();
            }
        }
        if (current == null && attributes != null && attributes.isRegularFile()) {
            current = open(attributes);
        }
        presentAtStartup = false;
        // The stat above already tells whether anything was appended: an idle file costs no read syscall.
        boolean grown = current != null && (attributes == null || attributes.size() > current.position());
        boolean backlog = grown && current.read(sink, MAX_BYTES_PER_POLL) >= MAX_BYTES_PER_POLL;
        drainRetiring(sink, nowNanos);
        settling.removeIf(FileCursor::settled);
        return backlog;
    }

    /** True when nothing is open or in flight under this path any more. */
    boolean idle() {
        return current == null && retiring.isEmpty() && settling.isEmpty();
    }

    void collectCheckpoints(List<Checkpoint> into) {
        settling.forEach(cursor -> into.add(cursor.checkpoint()));
        retiring.stream().map(r -> r.file().cursor()).filter(c -> c != null).forEach(c -> into.add(c.checkpoint()));
        if (current != null && current.cursor() != null) {
            into.add(current.cursor().checkpoint());
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

    /** copytruncate: same inode, smaller size or another first line. The old content is gone; what is there is new. */
    private void truncated() throws IOException {
        log.info("Log truncation detected: {} shrank below offset {}, reading it again from the start",
                path, current.position());
        retire(current);
        current = null;
    }

    private void drainRetiring(LineSink sink, long nowNanos) throws IOException {
        Iterator<Retiring> it = retiring.iterator();
        List<Retiring> grown = new ArrayList<>();
        while (it.hasNext()) {
            Retiring entry = it.next();
            if (entry.file().read(sink, MAX_BYTES_PER_POLL) > 0) {
                it.remove();
                grown.add(new Retiring(entry.file(), nowNanos));
            } else if (nowNanos - entry.lastGrowthNanos() > options.rotationGrace().toNanos()) {
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
            long start = startOffset(key, head, size);
            boolean midLine = start > 0 && start == size && !endsWithNewline(channel, size);
            log.info("Tailing {} from offset {} of {} bytes", path, start, size);
            return new OpenLogFile(path, channel, key, head, start, midLine, options.maxLineBytes(), truncatedLines);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private long startOffset(String key, Optional<String> head, long size) {
        Optional<Checkpoint> checkpoint = restored.stream()
                .filter(c -> c.identity().fileKey().equals(key) && head.isPresent()
                        && c.identity().head().equals(head.get()))
                .reduce((first, second) -> second);
        if (checkpoint.isPresent()) {
            // Same inode and same first line: the file we read before; resume unless it shrank meanwhile.
            return checkpoint.get().offset() <= size ? checkpoint.get().offset() : 0;
        }
        if (presentAtStartup && restored.isEmpty() && options.readFrom() == ReadFrom.END) {
            return size;
        }
        return 0;
    }

    private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        return channel.read(last, size - 1) == 1 && last.get(0) == '\n';
    }

    private BasicFileAttributes stat() throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            // Between a rename and the creation of the new file the path is briefly missing.
            return null;
        }
    }

    private static String fileKey(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return key != null ? key.toString() : "size-only";
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
        }
        for (Retiring entry : retiring) {
            entry.file().close();
        }
    }
}
