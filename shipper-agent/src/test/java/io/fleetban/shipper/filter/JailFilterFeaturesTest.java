package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.shipper.filter.MatchResult.Failure;
import io.fleetban.shipper.filter.MatchResult.Missed;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * prefregex/F-CONTENT, F-NOFAIL with F-MLFID merging, sshd-style conditionals, multi-line buffers, journal lines.
 * The date is cut out before matching, so each regex starts at the space that followed the date (as in fail2ban).
 */
class JailFilterFeaturesTest {

    private static final FilterClock CLOCK = FilterClock.fixed(Instant.parse("2025-10-08T12:00:00Z"), ZoneOffset.UTC);

    private static JailFilter filter(
            Optional<String> prefRegex, List<String> failRegex, int maxLines, Map<String, String> options) {
        return JailFilter.compile(
                new FilterDefinition(
                        "t",
                        Path.of("filter.d/t.conf"),
                        failRegex,
                        List.of(),
                        prefRegex,
                        Optional.empty(),
                        maxLines,
                        Optional.empty(),
                        options),
                CLOCK);
    }

    @Test
    void prefregexContentIsWhatFailregexSees() {
        JailFilter f = filter(
                Optional.of("^ \\S+ app\\[\\d+\\]: <F-CONTENT>.+</F-CONTENT>$"),
                List.of("^auth failed from <HOST>$"),
                1,
                Map.of());

        assertThat(f.match("2025-10-08 11:00:00 web app[12]: auth failed from 192.0.2.3"))
                .isInstanceOfSatisfying(Failure.class, r -> assertThat(r.ip()).isEqualTo(IpAddress.parse("192.0.2.3")));
        assertThat(f.match("2025-10-08 11:00:01 web other[12]: auth failed from 192.0.2.3"))
                .isInstanceOfSatisfying(
                        Missed.class, m -> assertThat(m.reason()).isEqualTo(Missed.NO_MATCH));
    }

    @Test
    void nofailLineWaitsAndAFailureOfTheSameConnectionGetsItsAddress() {
        JailFilter f = filter(
                Optional.of("^ <F-MLFID>conn\\d+</F-MLFID>: <F-CONTENT>.+</F-CONTENT>$"),
                List.of("^<F-NOFAIL>connect from <HOST></F-NOFAIL>$", "^auth failed for <F-USER>\\w+</F-USER>$"),
                1,
                Map.of());

        MatchResult connect = f.match("2025-10-08 11:00:00 conn7: connect from 192.0.2.9");
        MatchResult failure = f.match("2025-10-08 11:00:02 conn7: auth failed for root");

        assertThat(connect)
                .isInstanceOfSatisfying(
                        Missed.class, m -> assertThat(m.reason()).isEqualTo(Missed.NO_FAILURE));
        assertThat(failure).isInstanceOfSatisfying(Failure.class, r -> {
            assertThat(r.ip()).isEqualTo(IpAddress.parse("192.0.2.9"));
            assertThat(r.fields()).containsEntry("user", "root");
            assertThat(r.time()).isEqualTo(Instant.parse("2025-10-08T11:00:02Z"));
        });
    }

    @Test
    void conditionalAsInSshdMatchesBothForms() {
        JailFilter f = filter(
                Optional.empty(), List.of("^ (?P<__pref>\\[pre\\] )?Failed for <HOST>(?(__pref) done|)$"), 1, Map.of());

        assertThat(f.match("2025-10-08 11:00:00 [pre] Failed for 192.0.2.1 done"))
                .isInstanceOf(Failure.class);
        assertThat(f.match("2025-10-08 11:00:00 Failed for 192.0.2.1")).isInstanceOf(Failure.class);
        assertThat(f.match("2025-10-08 11:00:00 [pre] Failed for 192.0.2.1")).isInstanceOf(Missed.class);
    }

    @Test
    void multiLineFailureSpansBufferedLines() {
        JailFilter f = filter(Optional.empty(), List.of("^ login from <HOST>\\n.* login failed$"), 2, Map.of());

        MatchResult first = f.match("2025-10-08 11:00:00 login from 192.0.2.5");
        MatchResult second = f.match("2025-10-08 11:00:01 login failed");

        assertThat(first)
                .isInstanceOfSatisfying(
                        Missed.class, m -> assertThat(m.reason()).isEqualTo(Missed.NO_MATCH));
        assertThat(second).isInstanceOfSatisfying(Failure.class, r -> {
            assertThat(r.ip()).isEqualTo(IpAddress.parse("192.0.2.5"));
            assertThat(r.time()).isEqualTo(Instant.parse("2025-10-08T11:00:01Z"));
        });
        assertThat(f.match("2025-10-08 11:00:02 login failed"))
                .as("matched lines leave the buffer")
                .isInstanceOfSatisfying(
                        Missed.class, m -> assertThat(m.reason()).isEqualTo(Missed.NO_MATCH));
    }

    @Test
    void regexStackExhaustionIsAMissNotACrash() throws InterruptedException {
        JailFilter f = filter(Optional.empty(), List.of("^\\s*(?:[\\w\\-]+\\s+)*<HOST> blocked$"), 1, Map.of());
        String line = "2025-10-08 11:00:00 " + "x ".repeat(50_000) + "! blocked";
        MatchResult[] result = new MatchResult[1];
        Thread small = new Thread(null, () -> result[0] = f.match(line), "small-stack", 256 * 1024);

        small.start();
        small.join();

        assertThat(result[0]).isEqualTo(Missed.of(Missed.TOO_COMPLEX));
    }

    @Test
    void journalLinesHaveNoDateAndTakeTheClock() {
        JailFilter f = filter(
                Optional.empty(), List.of("^Failed for <HOST>$"), 1, Map.of(JailFilter.OPTION_LOG_TYPE, "journal"));

        assertThat(f.match("Failed for 192.0.2.1"))
                .isInstanceOfSatisfying(Failure.class, r -> assertThat(r.time()).isEqualTo(CLOCK.now()));
    }
}
