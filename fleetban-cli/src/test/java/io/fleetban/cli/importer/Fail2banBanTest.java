package io.fleetban.cli.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which of fail2ban's bans are still in effect, and for how long a fleet-wide ban must last to end with them. */
class Fail2banBanTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void shouldKeepTheTimeLeftOfATimedBan() {
        final Fail2banBan ban = new Fail2banBan("sshd", "203.0.113.7", NOW.minusSeconds(100), 600, 1);

        assertThat(ban.inEffect(NOW)).isTrue();
        assertThat(ban.remainingSeconds(NOW)).contains(500L);
        assertThat(ban.remainingSeconds(NOW.plusMillis(499_500))).contains(1L);
    }

    @Test
    void shouldDropAnEndedBanAsFail2banDoesAtRestore() {
        final Fail2banBan ban = new Fail2banBan("sshd", "203.0.113.7", NOW.minusSeconds(600), 600, 1);

        assertThat(ban.inEffect(NOW)).isFalse();
    }

    @Test
    void shouldKeepPermanentBansPermanentAndLeaveUnknownBanTimesToTheJail() {
        final Fail2banBan permanent = new Fail2banBan("sshd", "203.0.113.7", NOW.minusSeconds(86_400 * 30), -1, 4);
        final Fail2banBan unknown = new Fail2banBan("sshd", "203.0.113.8", NOW.minusSeconds(86_400 * 30), -2, 1);

        assertThat(permanent.inEffect(NOW)).isTrue();
        assertThat(permanent.remainingSeconds(NOW)).contains(-1L);
        assertThat(unknown.inEffect(NOW)).isTrue();
        assertThat(unknown.remainingSeconds(NOW)).isEqualTo(Optional.empty());
    }
}
