package io.fleetban.shipper.tail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Finds a file the shipper was reading after it left its log path: renamed by a rotation ({@code fail.log.1},
 * {@code fail.log-20261205}) or copied by copytruncate. Like mature log shippers, it identifies the file by what
 * it is, not by its name: the same inode with the same head (a rename), or another inode with the same head (a
 * copy). Only the log path's own directory is searched (logrotate's default); a file found only compressed
 * ({@code .gz}, identified by its decompressed head) cannot be resumed by offset and is reported as such.
 */
final class RotatedFileFinder {

    /** What was found for a file no longer at its path. */
    sealed interface Found {
        /** Readable under {@code path}: the same file (renamed) or an identical copy, already open. */
        record Readable(Path path, FileChannel channel, String fileKey, boolean copy) implements Found {}

        /** Only a compressed copy: its uncompressed size tells how much was left unread. */
        record Compressed(Path path, long uncompressedSize) implements Found {}
    }

    private RotatedFileFinder() {}

    /**
     * The file {@code identity} names among the regular files next to {@code logPath} (the log path itself
     * excluded, as is any file whose key is in {@code exclude}): same inode and head first, then the largest
     * uncompressed file with the same head, then a {@code .gz} with the same decompressed head.
     */
    static Optional<Found> find(Path logPath, FileIdentity identity, String exclude) throws IOException {
        Path directory = logPath.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            return Optional.empty();
        }
        Search search = new Search(identity, exclude);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(directory)) {
            for (Path sibling : siblings) {
                if (!sibling.equals(logPath.toAbsolutePath()) && !sibling.equals(logPath)) {
                    search.consider(sibling);
                }
            }
        } finally {
            search.closeUnused();
        }
        return search.best();
    }

    /** One pass over the siblings: the best candidate of each kind so far, and every channel it opened. */
    private static final class Search {
        private final FileIdentity identity;
        private final String exclude;
        private final List<FileChannel> opened = new ArrayList<>();
        private Found.Readable sameInode;
        private Found.Readable largestCopy;
        private long largestCopySize = -1;
        private Found.Compressed compressed;

        Search(FileIdentity identity, String exclude) {
            this.identity = identity;
            this.exclude = exclude;
        }

        void consider(Path sibling) throws IOException {
            Optional<String> key = regularFileKey(sibling);
            if (key.isEmpty() || key.get().equals(exclude)) {
                return;
            }
            if (sibling.getFileName().toString().endsWith(".gz") && !identity.headless()) {
                considerCompressed(sibling);
                return;
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(sibling, StandardOpenOption.READ);
            } catch (IOException e) {
                return;
            }
            opened.add(channel);
            considerReadable(sibling, channel, key.get());
        }

        private void considerCompressed(Path sibling) {
            if (compressed == null && identity.head().equals(gzipHead(sibling).orElse(null))) {
                compressed = new Found.Compressed(sibling, gzipSize(sibling));
            }
        }

        private void considerReadable(Path sibling, FileChannel channel, String key) throws IOException {
            if (identity.headless()) {
                // Known by its inode alone: only the renamed file itself, never a copy.
                if (key.equals(identity.fileKey())) {
                    sameInode = new Found.Readable(sibling, channel, key, false);
                }
                return;
            }
            if (!identity.head().equals(FileHead.digest(channel).orElse(null))) {
                return;
            }
            if (key.equals(identity.fileKey())) {
                sameInode = new Found.Readable(sibling, channel, key, false);
            } else if (channel.size() > largestCopySize) {
                largestCopy = new Found.Readable(sibling, channel, key, true);
                largestCopySize = channel.size();
            }
        }

        /** Same inode and head first, then the largest uncompressed copy, then a compressed one. */
        Optional<Found> best() {
            if (sameInode != null) {
                return Optional.of(sameInode);
            }
            if (largestCopy != null) {
                return Optional.of(largestCopy);
            }
            return Optional.ofNullable(compressed);
        }

        /** Closes every channel opened but the one {@link #best()} hands out. */
        void closeUnused() throws IOException {
            Optional<Found> best = best();
            for (FileChannel channel : opened) {
                boolean kept = best.isPresent()
                        && best.get() instanceof Found.Readable readable
                        && readable.channel() == channel;
                if (!kept) {
                    channel.close();
                }
            }
        }
    }

    /** The file key of a regular file; empty for anything else, or a file that vanished meanwhile. */
    private static Optional<String> regularFileKey(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.isRegularFile() ? Optional.of(TailedPath.fileKey(attributes)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The head digest of a gzip file's decompressed content; empty when it is not gzip or too short. */
    private static Optional<String> gzipHead(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            byte[] head = in.readNBytes(FileHead.MAX_HEAD_BYTES);
            return FileHead.digest(head, head.length);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** gzip's trailer keeps the uncompressed size modulo 2^32: enough to report how much a rotated log held. */
    private static long gzipSize(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(trailer, channel.size() - 4);
            return Integer.toUnsignedLong(trailer.getInt(0));
        } catch (IOException e) {
            return 0;
        }
    }
}
