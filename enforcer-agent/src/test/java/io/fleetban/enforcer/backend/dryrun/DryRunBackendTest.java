package io.fleetban.enforcer.backend.dryrun;

import static io.fleetban.enforcer.backend.BanFixtures.FAIL;
import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.banFor;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.enforcer.backend.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DryRunBackendTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintTheBatchSummaryAndTheExactRestoreScript() throws FirewallException {
        final DryRunBackend backend = new DryRunBackend(out, Clock.fixed(NOW, ZoneOffset.UTC), 1000);
        backend.init(List.of(FAIL));
        bytes.reset();

        backend.add(banFor("fail", "198.51.100.2", 60));
        backend.commit();

        assertThat(printed()).isEqualTo("""
                dry-run: batch of 1 decision(s): 1 add, 0 remove; would run:
                  ipset -exist restore <<EOF
                  create fleetban-fail-v4 hash:net family inet hashsize 1024 timeout 0 maxelem 1000
                  add fleetban-fail-v4 198.51.100.2 timeout 60
                  EOF
                """);
    }

    @Test
    void shouldPrintTheInitCommandsOfAFreshHost() throws FirewallException {
        new DryRunBackend(out, Clock.fixed(NOW, ZoneOffset.UTC), 1000).init(List.of(FAIL));

        assertThat(printed())
                .contains(
                        "  ipset -exist create fleetban-fail-v4 hash:net family inet hashsize 1024 timeout 0 maxelem 1000\n",
                        "  iptables -w -A fleetban -p tcp -m multiport --dports 8000 -m set --match-set fleetban-fail-v4 src"
                                + " -j REJECT --reject-with icmp-port-unreachable\n",
                        "  iptables -w -I INPUT 1 -j fleetban\n");
    }

    @Test
    void shouldListWhatItAppliedUntilTheEntryWouldHaveExpired() throws FirewallException {
        final TestClock clock = new TestClock(NOW);
        final DryRunBackend backend = new DryRunBackend(out, clock, 1000);
        backend.init(List.of(FAIL));
        backend.add(banFor("fail", "198.51.100.2", 60));
        backend.add(banFor("fail", "198.51.100.3", 600));
        backend.commit();

        clock.advance(Duration.ofSeconds(61));

        assertThat(backend.list()).containsExactly(key("fail", "198.51.100.3"));
    }

    @Test
    void shouldPrintTheRemovalOfItsOwnChainsAndSetsAtShutdown() throws FirewallException {
        final DryRunBackend backend = new DryRunBackend(out, Clock.fixed(NOW, ZoneOffset.UTC), 1000);
        backend.init(List.of(FAIL));
        bytes.reset();

        backend.shutdown();

        assertThat(printed()).isEqualTo("""
                dry-run: shutdown, would run:
                  iptables -w -C INPUT -j fleetban
                  iptables -w -D INPUT -j fleetban
                  iptables -w -C INPUT -j fleetban
                  iptables -w -S fleetban
                  iptables -w -F fleetban
                  iptables -w -X fleetban
                  ip6tables -w -C INPUT -j fleetban
                  ip6tables -w -D INPUT -j fleetban
                  ip6tables -w -C INPUT -j fleetban
                  ip6tables -w -S fleetban
                  ip6tables -w -F fleetban
                  ip6tables -w -X fleetban
                  ipset list -n fleetban-fail-v4
                  ipset destroy fleetban-fail-v4
                  ipset list -n fleetban-fail-v6
                  ipset destroy fleetban-fail-v6
                """);
    }
}
