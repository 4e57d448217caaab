package io.fleetban.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** fail2ban-client's output forms for the fleet-wide answers. */
class ClientRenderingTest {

    @Test
    void getPrintsTheValueAloneAndIgnoreIpAsFail2banClientDoes() {
        JailSettings settings = new JailSettings(5, 600, -1, List.of("127.0.0.1/8", "10.0.0.0/8"));

        assertThat(settings.render(JailSettings.Key.MAXRETRY)).isEqualTo("5\n");
        assertThat(settings.render(JailSettings.Key.FINDTIME)).isEqualTo("600\n");
        assertThat(settings.render(JailSettings.Key.BANTIME)).isEqualTo("-1\n");
        assertThat(settings.render(JailSettings.Key.IGNOREIP))
                .isEqualTo("These IP addresses/networks are ignored:\n|- 127.0.0.1/8\n`- 10.0.0.0/8\n");
        assertThat(new JailSettings(5, 600, 60, List.of()).render(JailSettings.Key.IGNOREIP))
                .isEqualTo("No IP address/network is ignored\n");
    }

    @Test
    void statusSaysWhenTheSafetyValveStoppedAutomaticBans() {
        JailStatus running = new JailStatus("fail", 1, 9, 1, 2, List.of("203.0.113.7"), 0, null);
        JailStatus stopped = new JailStatus("fail", 1, 9, 1, 2, List.of("203.0.113.7"), 3, null);

        assertThat(running.render(List.of("/var/log/app.log"))).doesNotContain("STOPPED")
                .contains("|  |- Currently failed:\t1\n", "   `- Banned IP list:\t203.0.113.7\n");
        assertThat(stopped.render(List.of())).contains("STOPPED", "3 partition(s)", "fleetban client resume fail");
    }

    @Test
    void whyShowsTheBanReasonHostsAndEachCountedOffense() {
        OffenderReport report = new OffenderReport("fail", "203.0.113.7",
                List.of(new OffenderReport.Offense(1_764_072_000_000L, "web-1", null),
                        new OffenderReport.Offense(1_764_072_001_000L, "web-2",
                                "2025-11-25 12:00:01 - IP: 203.0.113.7 - User-Agent: curl")),
                true, 1_764_072_001_500L, 1_764_072_061_500L, "AUTO", "5 failures within 600 s from 2 host(s)",
                List.of("web-1", "web-2"), 1);

        assertThat(report.render()).contains("IP 203.0.113.7 in jail fail\n",
                "until 2025-11-25T12:01:01.500Z", "source:      AUTO\n",
                "reason:      5 failures within 600 s from 2 host(s)\n", "hosts:       web-1 web-2\n",
                "offenses:    2 within findtime\n", "  2025-11-25T12:00:00Z  web-1\n",
                "  2025-11-25T12:00:01Z  web-2  2025-11-25 12:00:01 - IP: 203.0.113.7 - User-Agent: curl\n");
    }
}
