package io.fleetban.enforcer.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetNameTest {

    @Test
    void shouldNameSetsAfterJailAndFamily() {
        assertThat(SetName.of("fail", IpFamily.IPV4)).isEqualTo("fleetban-fail-v4");
        assertThat(SetName.of("sshd", IpFamily.IPV6)).isEqualTo("fleetban-sshd-v6");
    }

    @Test
    void shouldStayWithinIpsetsNameLimitForLongJailNames() {
        final String a = SetName.of("nginx-limit-req-very-long-jail-a", IpFamily.IPV6);
        final String b = SetName.of("nginx-limit-req-very-long-jail-b", IpFamily.IPV6);

        assertThat(a)
                .hasSizeLessThanOrEqualTo(31)
                .startsWith("fleetban-nginx-limit")
                .endsWith("-v6");
        assertThat(b).hasSizeLessThanOrEqualTo(31).isNotEqualTo(a);
    }

    @Test
    void shouldReplaceCharactersToolsCouldMisreadAndKeepNamesDistinct() {
        final String spaced = SetName.of("my jail", IpFamily.IPV4);
        final String underscored = SetName.of("my_jail", IpFamily.IPV4);

        assertThat(spaced).matches("[A-Za-z][A-Za-z0-9_.-]+").isNotEqualTo(underscored);
        assertThat(underscored).isEqualTo("fleetban-my_jail-v4");
    }
}
