package io.fleetban.enforcer.backend.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.RecordingCommandRunner;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading iptables-nft's chains as {@code nft -i} lists them (the live session is in the namespace ITs). */
class ChainWatchTest {

    /** nft 1.0.6's listing of INPUT and fleetban's chain after iptables-nft built them, IPv6's chain flushed. */
    private static final String LISTING = """
            table ip filter {
            	chain INPUT {
            		type filter hook input priority filter; policy accept;
            		counter packets 0 bytes 0 jump f2b-sshd
            		counter packets 3 bytes 180 jump fleetban
            	}
            }
            table ip filter {
            	chain fleetban {
            		meta l4proto tcp tcp dport 8000 xt match set counter packets 0 bytes 0 reject
            	}
            }
            table ip6 filter {
            	chain INPUT {
            		type filter hook input priority filter; policy accept;
            		counter packets 0 bytes 0 jump fleetban
            	}
            }
            table ip6 filter {
            	chain fleetban {
            	}
            }
            """;

    @Test
    void shouldCountTheJumpsToFleetbanAndTheRulesOfItsChainPerTable() {
        assertThat(ChainWatch.parse(LISTING))
                .isEqualTo(
                        Map.of("ip filter jump", 1, "ip filter rules", 1, "ip6 filter jump", 1, "ip6 filter rules", 0));
    }

    @Test
    void shouldLeaveOutAChainThatIsMissing() {
        assertThat(ChainWatch.parse(LISTING.substring(0, LISTING.indexOf("table ip filter {\n\tchain fleetban"))))
                .isEqualTo(Map.of("ip filter jump", 1));
    }

    @Test
    void shouldTakeOnlyIptablesNftsWarningAsHarmless() {
        assertThat(ChainWatch.errorFree("# Warning: table ip filter is managed by iptables-nft, do not touch!\n"))
                .isTrue();
        assertThat(ChainWatch.errorFree("Error: No such file or directory\nlist chain ip filter fleetban\n"))
                .isFalse();
    }

    @Test
    void shouldNotTellWithIptablesLegacy() {
        final RecordingCommandRunner runner = new RecordingCommandRunner();
        runner.answer(argv -> new CommandResult(argv, 0, "iptables v1.8.9 (legacy)\n", ""));
        try (ChainWatch watch = new ChainWatch(runner)) {
            assertThat(watch.intact(Map.of(IpFamily.IPV4, 1, IpFamily.IPV6, 1))).isFalse();
            assertThat(watch.intact(Map.of(IpFamily.IPV4, 1, IpFamily.IPV6, 1))).isFalse();
        }
        assertThat(runner.lines()).containsExactly("iptables -V");
    }
}
