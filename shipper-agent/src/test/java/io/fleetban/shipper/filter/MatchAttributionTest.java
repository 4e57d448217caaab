package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.shipper.filter.MatchResult.Failure;
import io.fleetban.shipper.filter.MatchResult.Ignored;
import io.fleetban.shipper.filter.MatchResult.Missed;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which failregex and which date template decided each result (fail2ban-regex's per-regex and per-template hits). */
class MatchAttributionTest {

    private static final FilterClock CLOCK = FilterClock.fixed(Instant.parse("2025-10-08T12:00:00Z"), ZoneOffset.UTC);
    private static final String ISO_TEMPLATE =
            "{^LN-BEG}%ExY(?P<_sep>[-/.])%m(?P=_sep)%d(?:T|  ?)%H:%M:%S(?:[.,]%f)?" + "(?:\\s*%z)?";

    private static JailFilter filter(
            List<String> failRegex, List<String> ignoreRegex, int maxLines, Map<String, String> options) {
        return JailFilter.compile(
                new FilterDefinition(
                        "t",
                        Path.of("filter.d/t.conf"),
                        failRegex,
                        ignoreRegex,
                        Optional.empty(),
                        Optional.empty(),
                        maxLines,
                        Optional.empty(),
                        options),
                CLOCK);
    }

    @Test
    void aFailureNamesItsFailregexAndDateTemplate() {
        JailFilter f =
                filter(List.of("^ bad password from <HOST>$", "^ unknown user from <HOST>$"), List.of(), 1, Map.of());

        assertThat(f.match("2025-10-08 11:00:00 unknown user from 192.0.2.3"))
                .isInstanceOfSatisfying(Failure.class, r -> {
                    assertThat(r.failRegexIndex()).isEqualTo(1);
                    assertThat(r.dateTemplate()).contains(ISO_TEMPLATE);
                });
        assertThat(f.match("2025-10-08 11:00:01 bad password from 192.0.2.3"))
                .isInstanceOfSatisfying(
                        Failure.class, r -> assertThat(r.failRegexIndex()).isZero());
    }

    @Test
    void ignoredAndRegexMissesKeepTheFailregexThatMatched() {
        JailFilter f = filter(
                List.of("^ bad password from <HOST>$", "^ user <F-ID>\\S+</F-ID> refused$"),
                List.of("from 192\\.0\\.2\\.99$"),
                1,
                Map.of());

        assertThat(f.match("2025-10-08 11:00:00 bad password from 192.0.2.99"))
                .isInstanceOfSatisfying(
                        Ignored.class, r -> assertThat(r.failRegexIndex()).isZero());
        assertThat(f.match("2025-10-08 11:00:01 user bob refused")).isInstanceOfSatisfying(Missed.class, r -> {
            assertThat(r.reason()).isEqualTo(Missed.INVALID_ADDRESS);
            assertThat(r.failRegexIndex()).isEqualTo(1);
        });
    }

    @Test
    void aLineNoRegexMatchedHasNoIndexButItsDateTemplate() {
        JailFilter f = filter(List.of("^ bad password from <HOST>$"), List.of(), 1, Map.of());

        assertThat(f.match("2025-10-08 11:00:00 session opened")).isInstanceOfSatisfying(Missed.class, r -> {
            assertThat(r.failRegexIndex()).isEqualTo(MatchResult.NO_REGEX);
            assertThat(r.dateTemplate()).contains(ISO_TEMPLATE);
        });
        assertThat(f.match("Oct 08 11:00:01 session opened").dateTemplate())
                .as("a second template is told apart")
                .hasValueSatisfying(name -> assertThat(name).contains("%b %d").isNotEqualTo(ISO_TEMPLATE));
    }

    @Test
    void linesWithoutTheirOwnDateNameNoTemplate() {
        JailFilter journal = filter(List.of("^bad password from <HOST>$"), List.of(), 1, Map.of("logtype", "journal"));

        assertThat(journal.match("bad password from 192.0.2.3")).isInstanceOfSatisfying(Failure.class, r -> {
            assertThat(r.failRegexIndex()).isZero();
            assertThat(r.dateTemplate()).isEmpty();
        });
    }

    @Test
    void multiLineFailuresNameTheRegexThatMatchedTheBuffer() {
        JailFilter f = filter(
                List.of("^ never from <HOST>$", "^ login from <HOST>\\n.* login failed$"), List.of(), 2, Map.of());

        MatchResult first = f.match("2025-10-08 11:00:00 login from 192.0.2.5");
        MatchResult second = f.match("2025-10-08 11:00:01 login failed");

        assertThat(first.failRegexIndex()).isEqualTo(MatchResult.NO_REGEX);
        assertThat(second)
                .isInstanceOfSatisfying(
                        Failure.class, r -> assertThat(r.failRegexIndex()).isEqualTo(1));
    }
}
