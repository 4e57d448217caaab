package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AppliedLineTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void shouldParseTheEnforcersLineBehindALoggersPrefixToMicroseconds() {
        final String logged = "2026-11-25T12:00:00.015+00:00 INFO  i.f.e.c.AppliedDecisionLog - applied ban jail=fail"
                + " ip=203.0.113.7 decision=b-1 decided=2026-11-25T12:00:00Z polled=2026-11-25T12:00:00.012Z"
                + " applied=2026-11-25T12:00:00.015250Z";

        assertThat(AppliedLine.parse(logged))
                .contains(new AppliedLine(
                        true, "fail", "203.0.113.7", "b-1", NOW, NOW.plusMillis(12), NOW.plusNanos(15_250_000)));
    }

    @Test
    void shouldParseNothingFromOtherLines() {
        assertThat(AppliedLine.parse("ipset batch applied: 1 added, 0 removed")).isEmpty();
        assertThat(AppliedLine.parse(
                        "applied ban jail=fail ip=1.2.3.4 decision=x decided=yesterday" + " polled=a applied=b"))
                .isEmpty();
    }
}
