package io.fleetban.shipper.filter.date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** fail2ban's default templates and datepattern forms, with fail2ban's test clock (2005-08-14 12:00 CEST). */
class DateDetectorTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final Clock NOW = Clock.fixed(Instant.parse("2005-08-14T10:00:00Z"), ZONE);

    private static DateDetector detector(String pattern) {
        return DateDetector.create(Optional.ofNullable(pattern), NOW, ZONE, Optional.empty());
    }

    private static Instant local(String iso) {
        return LocalDateTime.parse(iso).atZone(ZONE).toInstant();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2005-08-14 11:59:59 - IP: x          | 2005-08-14T11:59:59 | 0  | 19",
                "2005-08-14 11:59:59,123 - IP: x      | 2005-08-14T11:59:59 | 0  | 23",
                "Aug 14 11:59:59 host sshd[1]: x      | 2005-08-14T11:59:59 | 0  | 15",
                "[Sun Aug 14 11:59:59 2005] [error] x | 2005-08-14T11:59:59 | 1  | 25",
                "2001:db8::1 - - [14/Aug/2005:11:59:59 +0200] \"GET /\" | 2005-08-14T11:59:59 | 17 | 43"
            })
    void defaultTemplatesFindTheDateAndItsSpan(String line, String expected, int start, int end) {
        Optional<DateMatch> m = detector(null).find(line);

        assertThat(m).hasValueSatisfying(d -> {
            assertThat(d.time()).isEqualTo(local(expected));
            assertThat(d.start()).isEqualTo(start);
            assertThat(d.end()).isEqualTo(end);
        });
    }

    @Test
    void yearLessDateInTheFutureIsLastYear() {
        assertThat(detector(null).find("Dec 31 23:00:00 host x"))
                .hasValueSatisfying(d -> assertThat(d.time()).isEqualTo(local("2004-12-31T23:00:00")));
        assertThat(detector(null).find("Aug 15 10:00:00 host x"))
                .as("within a day ahead stays this year")
                .hasValueSatisfying(d -> assertThat(d.time()).isEqualTo(local("2005-08-15T10:00:00")));
    }

    @Test
    void epochAndTai64n() {
        assertThat(detector(null).find("1124013599.123 login failed"))
                .hasValueSatisfying(d -> assertThat(d.time()).isEqualTo(Instant.ofEpochSecond(1124013599)));
        assertThat(detector(null).find("@4000000042ff1c2f00000000 x"))
                .hasValueSatisfying(d -> assertThat(d.time()).isEqualTo(Instant.ofEpochSecond(0x42ff1c2fL)));
    }

    @Test
    void datePatternWithStrptimeFields() {
        assertThat(detector("%d.%m.%y %I:%M:%S %p").find("x 14.08.05 01:02:03 PM y"))
                .hasValueSatisfying(d -> assertThat(d.time()).isEqualTo(local("2005-08-14T13:02:03")));
        assertThat(detector("^%%%j %H:%M:%S").find("%226 10:00:00 x"))
                .hasValueSatisfying(d -> assertThat(d.time()).isEqualTo(local("2005-08-14T10:00:00")));
        assertThat(detector("%a %b %d %H:%M:%S %Y %Z").find("Sun Aug 14 08:00:00 2005 UTC x"))
                .hasValueSatisfying(d -> assertThat(d.time()).isEqualTo(Instant.parse("2005-08-14T08:00:00Z")));
        assertThat(detector("%Y-%m-%dT%H:%M:%S.%f%z").find("2005-08-14T08:00:00.5+0100"))
                .hasValueSatisfying(d -> assertThat(d.time()).isEqualTo(Instant.parse("2005-08-14T07:00:00Z")));
    }

    @Test
    void lineBeginPatternDoesNotMatchInside() {
        assertThat(detector("{^LN-BEG}%Y-%m-%d %H:%M:%S").find("user said 2005-08-14 10:00:00"))
                .isEmpty();
        assertThat(detector("{^LN-BEG}").find("[2005-08-14 10:00:00] x")).isPresent();
    }

    @Test
    void noneMeansNow() {
        assertThat(detector("{NONE}").find("no date here")).hasValueSatisfying(d -> {
            assertThat(d.time()).isEqualTo(NOW.instant());
            assertThat(d.end()).isZero();
        });
    }

    @Test
    void datePrematchWrapsTheDefaults() {
        assertThat(detector("^host {DATE} - ").find("host 2005-08-14 10:00:00 - x"))
                .hasValueSatisfying(d -> assertThat(d.time()).isEqualTo(local("2005-08-14T10:00:00")));
        assertThat(detector("^host {DATE} - ").find("2005-08-14 10:00:00 - x")).isEmpty();
    }

    @Test
    void logTimeZoneFixesTheOffset() {
        DateDetector utc = DateDetector.create(Optional.empty(), NOW, ZONE, Optional.of("UTC"));
        DateDetector plus = DateDetector.create(Optional.empty(), NOW, ZONE, Optional.of("UTC+0300"));

        assertThat(utc.find("2005-08-14 10:00:00 x"))
                .hasValueSatisfying(d -> assertThat(d.time()).isEqualTo(Instant.parse("2005-08-14T10:00:00Z")));
        assertThat(plus.find("2005-08-14 10:00:00 x"))
                .hasValueSatisfying(d -> assertThat(d.time()).isEqualTo(Instant.parse("2005-08-14T07:00:00Z")));
        assertThatThrownBy(() -> DateDetector.create(Optional.empty(), NOW, ZONE, Optional.of("Nowhere/Zone")))
                .hasMessageContaining("Nowhere/Zone");
    }

    @Test
    void lineWithoutDateIsEmpty() {
        assertThat(detector(null).find("no date at all")).isEmpty();
    }

    @Test
    void aDatePatternThatDoesNotCompileFailsAtCreation() {
        // Default templates compile when first tried; a filter's own pattern must still fail when the filter loads.
        assertThatThrownBy(() -> detector("%H:%M:%S(")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> detector("[{DATE}")).isInstanceOf(IllegalArgumentException.class);
    }
}
