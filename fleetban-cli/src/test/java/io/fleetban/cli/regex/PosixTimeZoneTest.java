package io.fleetban.cli.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PosixTimeZoneTest {

    private static ZoneOffset offsetAt(ZoneId zone, String instant) {
        return zone.getRules().getOffset(Instant.parse(instant));
    }

    @Test
    void fail2banHarnessZoneSwitchesOnTheLastSundaysOfMarchAndOctober() {
        ZoneId cet = PosixTimeZone.parse("CET-01CEST-02,M3.5.0,M10.5.0");

        assertThat(offsetAt(cet, "2005-01-10T12:00:00Z")).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(offsetAt(cet, "2005-08-14T10:00:00Z")).isEqualTo(ZoneOffset.ofHours(2));
        // 2005-03-27 is the last Sunday of March: 02:00 CET = 01:00 UTC.
        assertThat(offsetAt(cet, "2005-03-27T00:59:59Z")).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(offsetAt(cet, "2005-03-27T01:00:00Z")).isEqualTo(ZoneOffset.ofHours(2));
        // 2005-10-30: 02:00 CEST (default time, in the DST wall clock) = 00:00 UTC.
        assertThat(offsetAt(cet, "2005-10-29T23:59:59Z")).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(offsetAt(cet, "2005-10-30T00:00:00Z")).isEqualTo(ZoneOffset.ofHours(1));
    }

    @Test
    void southernHemisphereRulesWithExplicitTimes() {
        ZoneId sydney = PosixTimeZone.parse("AEST-10AEDT,M10.1.0,M4.1.0/3");

        assertThat(offsetAt(sydney, "2024-01-15T00:00:00Z")).isEqualTo(ZoneOffset.ofHours(11));
        assertThat(offsetAt(sydney, "2024-07-15T00:00:00Z")).isEqualTo(ZoneOffset.ofHours(10));
        assertThat(LocalDateTime.of(2024, 4, 7, 2, 30).atZone(sydney).getOffset())
                .isEqualTo(ZoneOffset.ofHours(11));
    }

    @Test
    void ianaIdsAndFixedPosixOffsets() {
        assertThat(PosixTimeZone.parse("Europe/Paris")).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(PosixTimeZone.parse("UTC0")).isEqualTo(ZoneOffset.UTC);
        assertThat(PosixTimeZone.parse("<+0330>-03:30")).isEqualTo(ZoneOffset.ofHoursMinutes(3, 30));
    }

    @Test
    void theSameStringTwiceIsTheSameZone() {
        assertThat(PosixTimeZone.parse("EST5EDT4,M3.2.0,M11.1.0"))
                .isEqualTo(PosixTimeZone.parse("EST5EDT4,M3.2.0,M11.1.0"));
    }

    @Test
    void neitherFormIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> PosixTimeZone.parse("Mars/Olympus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Mars/Olympus'");
    }
}
