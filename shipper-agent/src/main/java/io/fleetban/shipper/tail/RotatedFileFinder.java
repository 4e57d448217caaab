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
        record Readable(Path path, FileChannel channel, String fileKey, boolean copy) implements Found { }

        /** Only a compressed copy: its uncompressed size tells how much was left unread. */
        record Compressed(Path path, long uncompressedSize) implements Found { }
    }

    private RotatedFileFinder() {
    }

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
        Found.Readable sameInode = null;
        Found.Readable largestCopy = null;
        long largestCopySize = -1;
        Found.Compressed compressed = null;
        List<FileChannel> opened = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(directory)) {
            for (Path sibling : siblings) {
                if (sibling.equals(logPath.toAbsolutePath()) || sibling.equals(logPath)) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(sibling, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // vanished or unreadable meanwhile: not ours to report
                }
                if (!attributes.isRegularFile()) {
                    continue;
                }
                String key = TailedPath.fileKey(attributes);
                if (key.equals(exclude)) {
                    continue;
                }
                if (sibling.getFileName().toString().endsWith(".gz") && !identity.headless()) {
                    if (compressed == null && identity.head().equals(gzipHead(sibling).orElse(null))) {
                        compressed = new Found.Compressed(sibling, gzipSize(sibling));
                    }
                    continue;
                }
                FileChannel channel;
                try {
                    channel = FileChannel.open(sibling, StandardOpenOption.READ);
                } catch (IOException e) {
                    continue;
                }
                opened.add(channel);
                if (identity.headless()) {
                    // Known by its inode alone: only the renamed file itself, never a copy.
                    if (key.equals(identity.fileKey())) {
                        sameInode = new Found.Readable(sibling, channel, key, false);
                    }
                    continue;
                }
                if (!identity.head().equals(FileHead.digest(channel).orElse(null))) {
                    continue;
                }
                if (key.equals(identity.fileKey())) {
                    sameInode = new Found.Readable(sibling, channel, key, false);
                } else if (channel.size() > largestCopySize) {
                    largestCopy = new Found.Readable(sibling, channel, key, true);
                    largestCopySize = channel.size();
                }
            }
        } finally {
            for (FileChannel channel : opened) {
                boolean kept = sameInode != null && sameInode.channel() == channel
                        || sameInode == null && largestCopy != null && largestCopy.channel() == channel;
                if (!kept) {
                    channel.close();
                }
            }
        }
        if (sameInode != null) {
            return Optional.of(sameInode);
        }
        if (largestCopy != null) {
            return Optional.of(largestCopy);
        }
        return Optional.ofNullable(compressed);
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
