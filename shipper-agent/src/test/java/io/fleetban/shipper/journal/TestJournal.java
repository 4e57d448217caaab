package io.fleetban.shipper.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A journal file for tests, written by {@code systemd-journal-remote} from journal export text (Debian package
 * systemd-journal-remote) and read with the real {@code journalctl --file}: no running journald needed.
 */
public final class TestJournal {

    private static final List<Path> JOURNAL_REMOTE =
            List.of(Path.of("/lib/systemd/systemd-journal-remote"), Path.of("/usr/lib/systemd/systemd-journal-remote"));

    private final Path file;

    /** A journal at {@code file} (created by the first {@link #append}). */
    public TestJournal(Path file) {
        this.file = file;
    }

    /** Why a real journal cannot be used here, or empty when it can. */
    public static Optional<String> unavailableReason() {
        if (!runs(List.of("journalctl", "--version"))) {
            return Optional.of("journalctl is not installed");
        }
        if (journalRemote().isEmpty()) {
            return Optional.of("systemd-journal-remote is not installed (apt-get install systemd-journal-remote):"
                    + " no way to write a journal file without a running journald");
        }
        return Optional.empty();
    }

    /** The journal file, for {@code journalctl --file=}. */
    public Path file() {
        return file;
    }

    /** Appends one entry; entry n has host web-1, pid 1000+n and time 1795000000+n seconds. */
    public void append(int n, String unit, String comm, String message) throws IOException, InterruptedException {
        String export = "__REALTIME_TIMESTAMP=" + (1_795_000_000L + n) * 1_000_000L + "\n"
                + "__MONOTONIC_TIMESTAMP=" + n + "\n"
                + "_BOOT_ID=0123456789abcdef0123456789abcdef\n"
                + "_HOSTNAME=web-1\n_SYSTEMD_UNIT=" + unit + "\n_COMM=" + comm + "\nSYSLOG_IDENTIFIER=" + comm + "\n"
                + "_PID=" + (1000 + n) + "\nMESSAGE=" + message + "\n\n";
        Process remote = new ProcessBuilder(journalRemote().orElseThrow().toString(), "-o", file.toString(), "-")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = remote.getOutputStream()) {
            in.write(export.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(remote.waitFor()).as("systemd-journal-remote exit status").isZero();
    }

    /** The cursor of the last entry in the file. */
    public String lastCursor() throws IOException, InterruptedException {
        Process last = new ProcessBuilder("journalctl", "--file=" + file, "-o", "json", "-n", "1", "--no-pager")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String json = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(last.waitFor()).isZero();
        return new JournalEntryParser().parse(json).cursor();
    }

    private static Optional<Path> journalRemote() {
        return JOURNAL_REMOTE.stream().filter(Files::isExecutable).findFirst();
    }

    private static boolean runs(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
