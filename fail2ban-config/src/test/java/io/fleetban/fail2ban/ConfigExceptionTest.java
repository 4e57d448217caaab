package io.fleetban.fail2ban;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigExceptionTest {

    @Test
    void messageNamesFileLineSectionAndKey() {
        final ConfigException e =
                new ConfigException("/etc/fail2ban/jail.local", 12, "sshd", "maxretry", "expected a number");
        assertThat(e).hasMessage("/etc/fail2ban/jail.local:12: [sshd] maxretry: expected a number");
        assertThat(e.file()).isEqualTo("/etc/fail2ban/jail.local");
        assertThat(e.line()).isEqualTo(12);
        assertThat(e.section()).isEqualTo("sshd");
        assertThat(e.key()).isEqualTo("maxretry");
        assertThat(e.detail()).isEqualTo("expected a number");
    }

    @Test
    void unknownPartsAreLeftOut() {
        assertThat(new ConfigException("fleetban.conf", null, "kafka", null, "missing"))
                .hasMessage("fleetban.conf: [kafka] missing");
        assertThat(new ConfigException(null, null, null, "bantime", "bad")).hasMessage("bantime: bad");
    }
}
