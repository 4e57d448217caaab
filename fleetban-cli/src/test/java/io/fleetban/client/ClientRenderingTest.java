package io.fleetban.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.coordinator.query.JailInfo;
import io.fleetban.coordinator.query.JailStatus;
import io.fleetban.coordinator.query.OffenderView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** fail2ban-client's output forms for the fleet-wide answers. */
class ClientRenderingTest {

    @Test
    void getPrintsTheValueAloneAndIgnoreIpAsFail2banClientDoes() {
        JailInfo settings = new JailInfo(5, 600, -1, List.of("127.0.0.1/8", "10.0.0.0/8"));

        assertThat(AnswerText.setting(settings, AnswerText.Setting.MAXRETRY)).isEqualTo("5\n");
        assertThat(AnswerText.setting(settings, AnswerText.Setting.FINDTIME)).isEqualTo("600\n");
        assertThat(AnswerText.setting(settings, AnswerText.Setting.BANTIME)).isEqualTo("-1\n");
        assertThat(AnswerText.setting(settings, AnswerText.Setting.IGNOREIP))
                .isEqualTo("These IP addresses/networks are ignored:\n|- 127.0.0.1/8\n`- 10.0.0.0/8\n");
        assertThat(AnswerText.setting(new JailInfo(5, 600, 60, List.of()), AnswerText.Setting.IGNOREIP))
                .isEqualTo("No IP address/network is ignored\n");
    }

    @Test
    void statusSaysWhenTheSafetyValveStoppedAutomaticBans() {
        JailStatus running = new JailStatus("fail", 1, 9, 1, 2, List.of("203.0.113.7"), 0, null);
        JailStatus stopped = new JailStatus("fail", 1, 9, 1, 2, List.of("203.0.113.7"), 3, null);

        assertThat(AnswerText.status(running, List.of("/var/log/app.log")))
                .doesNotContain("STOPPED")
                .contains("|  |- Currently failed:\t1\n", "   `- Banned IP list:\t203.0.113.7\n");
        assertThat(AnswerText.status(stopped, List.of()))
                .contains("STOPPED", "3 partition(s)", "fleetban client resume fail");
    }

    @Test
    void whyShowsTheBanReasonHostsAndEachCountedOffense() {
        OffenderView report = new OffenderView(
                "fail",
                "203.0.113.7",
                List.of(
                        new OffenderView.CountedOffense(1_764_072_000_000L, "web-1", null),
                        new OffenderView.CountedOffense(
                                1_764_072_001_000L,
                                "web-2",
                                "2025-11-25 12:00:01 - IP: 203.0.113.7 - User-Agent: curl")),
                true,
                1_764_072_001_500L,
                1_764_072_061_500L,
                "AUTO",
                "5 failures within 600 s from 2 host(s)",
                List.of("web-1", "web-2"),
                1);

        assertThat(AnswerText.why(report))
                .contains(
                        "IP 203.0.113.7 in jail fail\n",
                        "until 2025-11-25T12:01:01.500Z",
                        "source:      AUTO\n",
                        "reason:      5 failures within 600 s from 2 host(s)\n",
                        "hosts:       web-1 web-2\n",
                        "offenses:    2 within findtime\n",
                        "  2025-11-25T12:00:00Z  web-1\n",
                        "  2025-11-25T12:00:01Z  web-2  2025-11-25 12:00:01 - IP: 203.0.113.7 - User-Agent: curl\n");
    }
}
