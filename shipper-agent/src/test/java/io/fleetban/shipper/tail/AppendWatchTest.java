package io.fleetban.shipper.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AppendWatchTest {

    /** Far longer than any test may take: a wait that lasts it was not woken. */
    private static final Duration NEVER = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @BeforeEach
    void onLinux() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "inotify is Linux's");
    }

    @Test
    @Timeout(30)
    void anAppendToAWatchedFileEndsTheWait() throws Exception {
        Path log = Files.createFile(dir.resolve("fail.log"));
        try (AppendWatch watch = AppendWatch.open()) {
            watch.watchDirectoriesOf(List.of(log));
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> watch.await(NEVER));

            Files.writeString(
                    log, "2025-10-08 00:00:00 - IP: 203.0.113.9 - User-Agent: curl\n", StandardOpenOption.APPEND);

            assertThat(waiting).succeedsWithin(Duration.ofSeconds(20));
        }
    }

    @Test
    @Timeout(30)
    void aFileCreatedInAWatchedDirectoryEndsTheWait() throws Exception {
        try (AppendWatch watch = AppendWatch.open()) {
            watch.watchDirectoriesOf(List.of(dir.resolve("not-yet.log")));
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> watch.await(NEVER));

            Files.createFile(dir.resolve("not-yet.log"));

            assertThat(waiting).succeedsWithin(Duration.ofSeconds(20));
        }
    }

    @Test
    @Timeout(30)
    void withoutAChangeTheWaitEndsAfterThePollInterval() throws IOException {
        Path log = Files.createFile(dir.resolve("quiet.log"));

        assertThat(waitWithNothingWritten(log, Duration.ofMillis(50))).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    @Timeout(30)
    void closingEndsAWaitInProgress() {
        AppendWatch watch = AppendWatch.open();
        watch.watchDirectoriesOf(List.of(dir.resolve("any.log")));
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> watch.await(NEVER));

        watch.close();

        assertThat(waiting).succeedsWithin(Duration.ofSeconds(20));
    }

    @Test
    void aMissingDirectoryIsLeftToPolling() {
        Path inAbsentDirectory = dir.resolve("absent/dir/fail.log");

        assertThat(waitWithNothingWritten(inAbsentDirectory, Duration.ofMillis(20)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(20));
    }

    /** How long {@code await(pollInterval)} lasted on a watch of {@code log}'s directory while nothing changed. */
    private static Duration waitWithNothingWritten(Path log, Duration pollInterval) {
        try (AppendWatch watch = AppendWatch.open()) {
            watch.watchDirectoriesOf(List.of(log));
            long start = System.nanoTime();
            watch.await(pollInterval);
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }
}
