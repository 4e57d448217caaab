package io.fleetban.shipper.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Follows a real journal file ({@link TestJournal}) with the real {@code journalctl}; skipped without the tools. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalFollowerTest {

    private static final String SSHD_MATCH = "_SYSTEMD_UNIT=sshd.service + _COMM=sshd";

    @TempDir
    Path dir;

    private Path journal;
    private TestJournal testJournal;

    @BeforeAll
    static void needsJournalTools() {
        Optional<String> unavailable = TestJournal.unavailableReason();
        Assumptions.assumeTrue(unavailable.isEmpty(), unavailable::get);
    }

    @Test
    void followsMatchingEntriesAndResumesAfterTheCommittedCursor() throws Exception {
        journal = dir.resolve("remote.journal");
        testJournal = new TestJournal(journal);
        testJournal.append(1, "sshd.service", "sshd", "Failed password for root from 203.0.113.9 port 22 ssh2");
        String savedCursor = testJournal.lastCursor();
        testJournal.append(2, "nginx.service", "nginx", "client 203.0.113.50 GET /");
        testJournal.append(3, "sshd.service", "sshd", "Failed password for admin from 203.0.113.10 port 22 ssh2");

        List<JournalEntry> firstRun = new CopyOnWriteArrayList<>();
        JournalPosition position = new JournalPosition(Optional.of(savedCursor));
        try (JournalFollower follower = follower(List.of("journalctl", "--file=" + journal), position, firstRun)) {
            follower.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> firstRun.size() == 1);
            testJournal.append(4, "other.service", "sshd", "Invalid user x from 203.0.113.11 port 22");
            await().atMost(Duration.ofSeconds(20)).until(() -> firstRun.size() == 2);
        }
        assertThat(firstRun)
                .extracting(JournalEntry::toFilterLine)
                .containsExactly(
                        "web-1 sshd[1003]: Failed password for admin from 203.0.113.10 port 22 ssh2",
                        "web-1 sshd[1004]: Invalid user x from 203.0.113.11 port 22");
        assertThat(firstRun.get(0).time().getEpochSecond()).isEqualTo(1_795_000_003L);

        testJournal.append(5, "sshd.service", "sshd", "Failed password for root from 203.0.113.12 port 22 ssh2");
        List<JournalEntry> secondRun = new CopyOnWriteArrayList<>();
        try (JournalFollower follower = follower(
                List.of("journalctl", "--file=" + journal),
                new JournalPosition(position.committedCursor()),
                secondRun)) {
            follower.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> !secondRun.isEmpty());
        }
        // Entries arrive in journal order: a repeat of 3 or 4 would stand before 5.
        assertThat(secondRun)
                .extracting(JournalEntry::message)
                .containsExactly("Failed password for root from 203.0.113.12 port 22 ssh2");
    }

    @Test
    void killedJournalctlIsRestartedAfterTheLastEntryRead() throws Exception {
        journal = dir.resolve("remote.journal");
        testJournal = new TestJournal(journal);
        testJournal.append(1, "sshd.service", "sshd", "first");
        List<JournalEntry> seen = new CopyOnWriteArrayList<>();
        try (JournalFollower follower = follower(
                List.of("journalctl", "--file=" + journal),
                new JournalPosition(Optional.of(testJournal.lastCursor())),
                seen)) {
            follower.start();
            testJournal.append(2, "sshd.service", "sshd", "second");
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 1);

            ProcessHandle journalctl = ProcessHandle.current()
                    .children()
                    .filter(p -> p.info()
                            .arguments()
                            .map(a -> List.of(a).contains("--file=" + journal))
                            .orElse(false))
                    .findFirst()
                    .orElseThrow();
            journalctl.destroy();
            await().atMost(Duration.ofSeconds(20)).until(() -> follower.restarts() == 1);
            testJournal.append(3, "sshd.service", "sshd", "third");
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 2);
        }
        assertThat(seen).extracting(JournalEntry::message).containsExactly("second", "third");
    }

    @Test
    void journalctlThatFailsAtOnceIsRetriedWithBackoff() {
        List<JournalEntry> seen = new CopyOnWriteArrayList<>();
        try (JournalFollower follower =
                follower(List.of("journalctl", "--no-such-option"), new JournalPosition(Optional.empty()), seen)) {
            follower.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> follower.restarts() >= 3);
        }
        assertThat(seen).isEmpty();
    }

    private static JournalFollower follower(
            List<String> journalctl, JournalPosition position, List<JournalEntry> seen) {
        return new JournalFollower(
                "sshd",
                new JournalCommand(journalctl, JournalMatch.toArguments(SSHD_MATCH)),
                position,
                entry -> seen.add(entry.entry()),
                Clock.systemUTC());
    }
}
