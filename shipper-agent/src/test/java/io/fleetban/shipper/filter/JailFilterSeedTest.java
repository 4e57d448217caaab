package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.shipper.filter.MatchResult.Failure;
import io.fleetban.shipper.filter.MatchResult.Missed;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The seed tutorial's filter (examples/filter.d/fail.conf) on the seed's log format. */
class JailFilterSeedTest {

    static final String SEED_FAILREGEX = "^.* - IP: <HOST> - User-Agent:.*$";
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    static final FilterClock CLOCK = FilterClock.fixed(Instant.parse("2025-10-08T13:00:00Z"), ZONE);

    static FilterDefinition filter(List<String> failRegex, List<String> ignoreRegex) {
        return new FilterDefinition(
                "fail",
                Path.of("filter.d/fail.conf"),
                failRegex,
                ignoreRegex,
                Optional.empty(),
                Optional.empty(),
                1,
                Optional.empty(),
                Map.of());
    }

    private final JailFilter seed = JailFilter.compile(filter(List.of(SEED_FAILREGEX), List.of()), CLOCK);

    @Test
    void seedLineIsAFailureAtTheLocalTimeOfTheClockZone() {
        MatchResult r = seed.match("2025-10-08 14:23:15 - IP: 127.0.0.1 - User-Agent: curl/7.81.0");

        assertThat(r).isInstanceOf(Failure.class);
        Failure f = (Failure) r;
        assertThat(f.ip()).isEqualTo(IpAddress.parse("127.0.0.1"));
        assertThat(f.time())
                .isEqualTo(
                        LocalDateTime.of(2025, 10, 8, 14, 23, 15).atZone(ZONE).toInstant());
        assertThat(f.fields()).containsEntry("ip4", "127.0.0.1");
    }

    @Test
    void millisecondsAndCarriageReturnAreAccepted() {
        MatchResult r = seed.match("2025-10-08 14:23:15,123 - IP: 2001:db8::7 - User-Agent: x\r");

        assertThat(r)
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.ip()).isEqualTo(IpAddress.parse("2001:db8::7")));
    }

    @Test
    void lineWithoutDateIsMissedForNoDate() {
        assertThat(seed.match(" - IP: 127.0.0.1 - User-Agent: curl")).isEqualTo(Missed.of(Missed.NO_DATE));
    }

    @Test
    void lineWithDateButOtherTextIsMissedForNoMatch() {
        assertThat(seed.match("2025-10-08 14:23:15 GET / 200"))
                .isInstanceOfSatisfying(
                        Missed.class, m -> assertThat(m.reason()).isEqualTo(Missed.NO_MATCH));
    }

    @Test
    void invalidAddressIsMissed() {
        MatchResult r = seed.match("2025-10-08 14:23:15 - IP: 999.1.1.1 - User-Agent: x");

        assertThat(r).isInstanceOfSatisfying(Missed.class, m -> {
            assertThat(m.reason()).isEqualTo(Missed.INVALID_ADDRESS);
            assertThat(m.capturedHost()).contains("999.1.1.1");
        });
    }

    @Test
    void hostNameIsMissedAsUnresolved() {
        MatchResult r = seed.match("2025-10-08 14:23:15 - IP: evil.example - User-Agent: x");

        assertThat(r).isInstanceOfSatisfying(Missed.class, m -> {
            assertThat(m.reason()).isEqualTo(Missed.UNRESOLVED_HOST);
            assertThat(m.capturedHost()).contains("evil.example");
        });
    }

    @Test
    void ignoreRegexTurnsAMatchIntoIgnored() {
        JailFilter f = JailFilter.compile(filter(List.of(SEED_FAILREGEX), List.of("User-Agent: healthcheck")), CLOCK);

        assertThat(f.match("2025-10-08 14:23:15 - IP: 127.0.0.1 - User-Agent: healthcheck/1"))
                .isInstanceOfSatisfying(MatchResult.Ignored.class, i -> {
                    assertThat(i.ignoreRegexIndex()).isZero();
                    assertThat(i.failRegexIndex()).isZero();
                });
    }
}
