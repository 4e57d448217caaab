package io.fleetban.enforcer.backend.ipset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.IpFamily;
import org.junit.jupiter.api.Test;

class IpsetSetNameTest {

    @Test
    void shouldNameSetsAfterJailAndFamily() {
        assertThat(IpsetSetName.of("fail", IpFamily.IPV4)).isEqualTo("fleetban-fail-v4");
        assertThat(IpsetSetName.of("sshd", IpFamily.IPV6)).isEqualTo("fleetban-sshd-v6");
    }

    @Test
    void shouldStayWithinIpsetsNameLimitForLongJailNames() {
        final String a = IpsetSetName.of("nginx-limit-req-very-long-jail-a", IpFamily.IPV6);
        final String b = IpsetSetName.of("nginx-limit-req-very-long-jail-b", IpFamily.IPV6);

        assertThat(a).hasSizeLessThanOrEqualTo(31).startsWith("fleetban-nginx-limit").endsWith("-v6");
        assertThat(b).hasSizeLessThanOrEqualTo(31).isNotEqualTo(a);
    }

    @Test
    void shouldReplaceCharactersToolsCouldMisreadAndKeepNamesDistinct() {
        final String spaced = IpsetSetName.of("my jail", IpFamily.IPV4);
        final String underscored = IpsetSetName.of("my_jail", IpFamily.IPV4);

        assertThat(spaced).matches("[A-Za-z0-9_.~-]+").isNotEqualTo(underscored);
        assertThat(underscored).isEqualTo("fleetban-my_jail-v4");
    }
}
