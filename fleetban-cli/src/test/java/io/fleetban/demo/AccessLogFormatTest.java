package io.fleetban.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {

    private static final LocalDateTime TIME = LocalDateTime.of(2025, 10, 8, 14, 23, 15);

    @Test
    void shouldWriteTheSeedTutorialsFormat() {
        assertThat(AccessLogFormat.line(TIME, "127.0.0.1", "curl/7.81.0"))
                .isEqualTo("2025-10-08 14:23:15 - IP: 127.0.0.1 - User-Agent: curl/7.81.0");
    }

    @Test
    void shouldKeepOneRequestOnOneLineWhenTheUserAgentCarriesNewlines() {
        final String forged = "x\n2025-10-08 14:23:16 - IP: 203.0.113.9 - User-Agent: y";
        assertThat(AccessLogFormat.line(TIME, "198.51.100.66", forged))
                .doesNotContain("\n")
                .isEqualTo(
                        "2025-10-08 14:23:15 - IP: 198.51.100.66 - User-Agent: x\\n2025-10-08 14:23:16 - IP: 203.0.113.9 - User-Agent: y");
    }

    @Test
    void shouldEscapeControlCharactersAndBackslashes() {
        assertThat(AccessLogFormat.escape("a\\b\u0000c\u001bd\re\u2028")).isEqualTo("a\\\\b\\x00c\\x1bd\\re\\x2028");
    }

    @Test
    void shouldBoundTheUserAgentLength() {
        assertThat(AccessLogFormat.escape("a".repeat(10_000)))
                .hasSize(AccessLogFormat.MAX_USER_AGENT_CHARS + 3)
                .endsWith("...");
    }

    @Test
    void shouldLogUnknownWhenNoUserAgentWasSent() {
        assertThat(AccessLogFormat.line(TIME, "127.0.0.1", null)).endsWith("User-Agent: Unknown");
    }
}
