package io.fleetban.enforcer.backend.nft;

import static io.fleetban.enforcer.backend.BanFixtures.FAIL;
import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.banFor;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static io.fleetban.enforcer.backend.BanFixtures.permanent;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.BlockType;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.fail2ban.jail.PortRange;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NftScriptTest {

    @Test
    void shouldCreateTableSetsAndChainKeepingElementsAndRewritingRules() {
        assertThat(NftScript.init(List.of(FAIL), 1000)).isEqualTo("""
                add table inet fleetban
                add set inet fleetban fleetban-fail-v4 { type ipv4_addr; flags timeout; size 1000; }
                add set inet fleetban fleetban-fail-v4-nets { type ipv4_addr; flags interval, timeout; size 1000; }
                add set inet fleetban fleetban-fail-v6 { type ipv6_addr; flags timeout; size 1000; }
                add set inet fleetban fleetban-fail-v6-nets { type ipv6_addr; flags interval, timeout; size 1000; }
                add element inet fleetban fleetban-fail-v4 { 255.255.255.255 }
                add element inet fleetban fleetban-fail-v4-nets { 255.255.255.255 }
                add element inet fleetban fleetban-fail-v6 { ff00:: }
                add element inet fleetban fleetban-fail-v6-nets { ff00:: }
                add chain inet fleetban input { type filter hook input priority -1; policy accept; }
                flush chain inet fleetban input
                add rule inet fleetban input ip saddr @fleetban-fail-v4 tcp dport { 8000 } reject with icmp type port-unreachable
                add rule inet fleetban input ip saddr @fleetban-fail-v4-nets tcp dport { 8000 } reject with icmp type port-unreachable
                add rule inet fleetban input ip6 saddr @fleetban-fail-v6 tcp dport { 8000 } reject with icmpv6 type port-unreachable
                add rule inet fleetban input ip6 saddr @fleetban-fail-v6-nets tcp dport { 8000 } reject with icmpv6 type port-unreachable
                """);
    }

    @Test
    void shouldMatchAllPortsOrEveryPacketAndDropWhenTheJailSaysSo() {
        final EnforcedJail udpAll = new EnforcedJail("dns", List.of(), "udp", BlockType.DROP, List.of());
        final EnforcedJail everything = new EnforcedJail("any", List.of(), "all", BlockType.REJECT, List.of());
        final EnforcedJail ranges = new EnforcedJail(
                "web", List.of(new PortRange(80, 80), new PortRange(8000, 8010)), "tcp", BlockType.DROP, List.of());

        assertThat(NftScript.rule(udpAll, IpFamily.IPV4, "s"))
                .isEqualTo("add rule inet fleetban input ip saddr @s meta l4proto udp drop\n");
        assertThat(NftScript.rule(everything, IpFamily.IPV6, "s"))
                .isEqualTo("add rule inet fleetban input ip6 saddr @s reject with icmpv6 type port-unreachable\n");
        assertThat(NftScript.rule(ranges, IpFamily.IPV4, "s"))
                .isEqualTo("add rule inet fleetban input ip saddr @s tcp dport { 80, 8000-8010 } drop\n");
    }

    @Test
    void shouldRenderABatchThatNeverFailsOnTheCurrentContents() {
        final String script = NftScript.batch(
                List.of(key("fail", "203.0.113.9")),
                List.of(banFor("fail", "198.51.100.2", 60), permanent("fail", "2001:db8:1::/64")),
                NOW);

        assertThat(script).isEqualTo("""
                add element inet fleetban fleetban-fail-v4 { 203.0.113.9 }
                delete element inet fleetban fleetban-fail-v4 { 203.0.113.9 }
                add element inet fleetban fleetban-fail-v4 { 198.51.100.2 }
                delete element inet fleetban fleetban-fail-v4 { 198.51.100.2 }
                add element inet fleetban fleetban-fail-v4 { 198.51.100.2 timeout 60s }
                add element inet fleetban fleetban-fail-v6-nets { 2001:db8:1::/64 }
                delete element inet fleetban fleetban-fail-v6-nets { 2001:db8:1::/64 }
                add element inet fleetban fleetban-fail-v6-nets { 2001:db8:1::/64 }
                """);
    }

    @Test
    void shouldParseTheElementsOfNftListSet() {
        final String listed = """
                table inet fleetban {
                	set fleetban-fail-v4-nets {
                		type ipv4_addr
                		size 1000
                		flags interval,timeout
                		elements = { 10.0.0.0/8, 198.51.100.0/24 timeout 30s expires 29s960ms,
                			     203.0.113.0/25 }
                	}
                }
                """;

        assertThat(NftScript.parseElements(listed)).containsExactly("10.0.0.0/8", "198.51.100.0/24", "203.0.113.0/25");
        assertThat(NftScript.parseElements("table inet fleetban {\n\tset s {\n\t\ttype ipv4_addr\n\t}\n}\n"))
                .isEmpty();
    }

    @Test
    void shouldTellFromNftsErrorsWhichCanaryWasInPlaceAndWhichSetIsMissing() {
        final String stderr = """
                Error: Could not process rule: File exists
                create element inet fleetban fleetban-fail-v4 { 255.255.255.255 }
                                                              ^^^^^^^^^^^^^^^
                Error: Could not process rule: No such file or directory
                create element inet fleetban fleetban-fail-v6 { ff00:: }
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
                """;

        assertThat(NftScript.canaryErrors(stderr))
                .isEqualTo(Map.of(
                        "fleetban-fail-v4", "Error: Could not process rule: File exists",
                        "fleetban-fail-v6", "Error: Could not process rule: No such file or directory"));
        assertThat(NftScript.createCanary("fleetban-fail-v6-nets", IpFamily.IPV6))
                .isEqualTo("create element inet fleetban fleetban-fail-v6-nets { ff00:: }\n");
    }

    @Test
    void shouldReadOnlyFleetbansTableInAListingOfChains() {
        final String chains = """
                table inet filter {
                	chain input {
                		type filter hook input priority filter; policy accept;
                	}
                }
                table inet fleetban {
                	chain input {
                		type filter hook input priority filter - 1; policy accept;
                	}
                }
                """;

        assertThat(NftScript.parseTerse(chains)).isEqualTo(new NftScript.Listing(true, Set.of(), true, 0));
        assertThat(NftScript.parseTerse(chains.substring(0, chains.indexOf("table inet fleetban")))
                        .tablePresent())
                .isFalse();
        assertThat(NftScript.parseTerse(chains.substring(0, chains.indexOf("table inet fleetban")))
                        .inputHooked())
                .isFalse();
    }
}
