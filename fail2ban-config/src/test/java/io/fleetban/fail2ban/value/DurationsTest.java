package io.fleetban.fail2ban.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1}s")
    @CsvSource(
            delimiter = '|',
            value = {
                "600|600", "10m|600", "1h|3600", "1d|86400", "1w|604800", "1h 30m|5400", "1d12h|129600",
                "30s|30", "2 weeks|1209600", "1hour|3600", "5 minutes|300", "1H|3600", "-1|-1", "1y|31557600",
                "1mo|2629800", "  60  |60", "1h-30m|1800", "1.5h|5400"
            })
    void parsesFail2banTimeValues(String text, long seconds) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource(
            delimiter = '|',
            value = {"20ms|20", "250 ms|250", "1s 500ms|1500", "10mm|600000"})
    void parsesMillisecondsForFleetbansOwnIntervalsWithoutChangingFail2bansUnits(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten minutes", "10x", "1h;", "__import__('os')", "1 * 60", "h"})
    void rejectsAnythingElseQuotingTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void rejectsEmptyText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }
}
