package io.fleetban.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.coordinator.hosts.HostView;
import io.fleetban.coordinator.hosts.HostsReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code fleetban client hosts} prints and the enforcement line {@code why} adds. */
class HostsTextTest {

    private static final long BANNED_AT = 1_764_936_000_000L;

    private static HostView host(String name, String state, long behind, List<HostView.AppliedBanView> recent) {
        return new HostView(
                name,
                state,
                BANNED_AT + 5_000,
                behind,
                1,
                "in-sync".equals(state),
                !"unhealthy".equals(state),
                null,
                null,
                null,
                "1.0",
                BANNED_AT - 60_000,
                recent);
    }

    private static HostView.AppliedBanView applied(long plusMillis) {
        return new HostView.AppliedBanView("fail", "203.0.113.7", BANNED_AT, BANNED_AT + plusMillis);
    }

    @Test
    void whySaysOnHowManyHostsTheBanIsEnforcedAndHowFastItGotThere() {
        HostsReport fleet = new HostsReport(
                List.of(
                        host("web-1", "in-sync", 0, List.of(applied(21))),
                        host("web-2", "in-sync", 0, List.of(applied(24))),
                        host("web-3", "in-sync", 0, List.of(applied(30)))),
                1,
                "d",
                BANNED_AT + 6_000);

        assertThat(AnswerText.enforcement(fleet, "fail", "203.0.113.7", BANNED_AT))
                .isEqualTo("enforced:    on 3 of 3 hosts (web-1 +21 ms, web-2 +24 ms, web-3 +30 ms)\n");
    }

    @Test
    void whyNamesTheHostsThatHaveNotAppliedTheBan() {
        HostsReport fleet = new HostsReport(
                List.of(
                        host("web-1", "in-sync", 0, List.of(applied(21))),
                        host("web-2", "missing", 0, List.of()),
                        host("web-3", "lagging", 2, List.of()),
                        host("web-4", "keeping-up", 3, List.of())),
                1,
                "d",
                BANNED_AT);

        assertThat(AnswerText.enforcement(fleet, "fail", "203.0.113.7", BANNED_AT))
                .isEqualTo("enforced:    on 1 of 4 hosts (web-1 +21 ms); keeping up, not confirmed yet on web-4 (3"
                        + " behind); not applied on web-2 (missing, 0 behind), web-3 (lagging, 2 behind)\n");
    }

    @Test
    void aCaughtUpHostAppliedABanOlderThanItsRecentList() {
        HostsReport fleet = new HostsReport(List.of(host("web-1", "differs", 0, List.of())), 1, "d", BANNED_AT);

        assertThat(AnswerText.enforcement(fleet, "fail", "203.0.113.7", BANNED_AT))
                .isEqualTo("enforced:    on 1 of 1 hosts (web-1)\n");
    }

    @Test
    void hostsListsEveryHostWithItsStateAndFirewall() {
        HostsReport fleet = new HostsReport(
                List.of(
                        host("web-1", "in-sync", 0, List.of()),
                        host("web-2", "unhealthy", 3, List.of()),
                        host("web-3", "keeping-up", 2, List.of())),
                1,
                "d",
                BANNED_AT);

        assertThat(AnswerText.hosts(fleet).lines().toList()).hasSize(5);
        assertThat(AnswerText.hosts(fleet))
                .contains("web-1", "in-sync", "healthy")
                .contains("web-2", "unhealthy", "FAILING")
                .contains("web-3", "keeping-up")
                .contains("fleet: 1 active ban(s), 3 host(s), 1 in sync, 1 keeping up");
    }
}
