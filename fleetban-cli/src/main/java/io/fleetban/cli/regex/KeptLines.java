package io.fleetban.cli.regex;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One list of lines a summary prints (matched, missed or ignored): the first {@value #IN_MEMORY} in memory and, when
 * every line is asked for ({@code --print-all-*}), the rest in an unlinked temporary file. A million matched
 * lines would not fit the command's small heap, and fail2ban-regex prints them only after the whole file is read.
 *
 * <p>Not thread-safe: the summary's thread adds, then prints.
 */
final class KeptLines implements AutoCloseable {

    /** fail2ban-regex prints missed lines unasked only when there are at most this many. */
    static final int IN_MEMORY = 20;

    private final boolean all;
    private final List<String> first = new ArrayList<>();
    private long size;
    private FileChannel spool;
    private DataOutputStream spoolOut;

    /** @param all whether every line is kept, or only the first {@value #IN_MEMORY} */
    KeptLines(boolean all) {
        this.all = all;
    }

    /** Whether every line is kept ({@code --print-all-*}). */
    boolean all() {
        return all;
    }

    /** Whether the next line would be kept: asked before the line's text is built, as most are not. */
    boolean wants() {
        return all || first.size() < IN_MEMORY;
    }

    /** Keeps {@code line} if {@link #wants()}. */
    void add(String line) {
        if (first.size() < IN_MEMORY) {
            first.add(line);
        } else if (all) {
            spool(line);
        } else {
            return;
        }
        size++;
    }

    /** The number of lines kept. */
    long size() {
        return size;
    }

    /** Hands every line kept to {@code action}, in the order added. */
    void forEach(Consumer<String> action) {
        first.forEach(action);
        if (spool == null) {
            return;
        }
        try {
            spoolOut.flush();
            spool.position(0);
            final DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(spool)));
            for (long i = first.size(); i < size; i++) {
                final byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                action.accept(new String(bytes, StandardCharsets.UTF_8));
            }
            spool.position(spool.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the lines to print: " + e.getMessage(), e);
        }
    }

    private void spool(String line) {
        try {
            if (spool == null) {
                final Path file = Files.createTempFile("fleetban-regex-", ".lines");
                spool = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                Files.delete(file); // the open channel keeps it, and nothing is left behind, even after a kill
                spoolOut = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(spool)));
            }
            final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            spoolOut.writeInt(bytes.length);
            spoolOut.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot keep the lines to print in a temporary file (java.io.tmpdir): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (spool != null) {
            try {
                spool.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the temporary file of lines to print", e);
            }
        }
    }
}
