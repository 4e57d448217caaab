package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.fail2ban.value.IpRange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fan-out bench's firewall: holds what a host would hold and reports only committed additions. */
class CountingBackendTest {

    private final FanoutTally tally = new FanoutTally();
    private final CountingBackend backend = new CountingBackend(tally);

    @Test
    void shouldHoldCommittedEntriesAndReportEachTrackedAdditionOncePerHost() {
        final FanoutTally.Arrivals tracked = tally.track("198.18.0.1");
        backend.init(List.of());
        backend.add(ban("198.18.0.1"));
        backend.add(ban("198.18.0.2"));
        assertThat(tracked.hosts()).as("buffered, not applied").isZero();

        assertThat(backend.commit().added()).isEqualTo(2);
        assertThat(backend.size()).isEqualTo(2);
        assertThat(tracked.hosts()).isEqualTo(1);
        assertThat(tracked.lastMillis()).isPositive();

        final CountingBackend otherHost = new CountingBackend(tally);
        otherHost.add(ban("198.18.0.1"));
        otherHost.commit();
        assertThat(tracked.hosts()).isEqualTo(2);

        backend.remove(key("198.18.0.2"));
        assertThat(backend.commit().removed()).isEqualTo(1);
        assertThat(backend.list()).containsExactly(key("198.18.0.1"));
        backend.shutdown();
        assertThat(backend.size()).isZero();
    }

    private static BanKey key(String ip) {
        return new BanKey("bench", IpRange.parse(ip));
    }

    private static Ban ban(String ip) {
        return new Ban(key(ip), Optional.empty());
    }
}
