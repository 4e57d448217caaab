package io.fleetban.enforcer.backend.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.fail2ban.jail.PortRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionTagsTest {

    @Test
    void shouldReverseAddressesAsFail2bansIpRevTag() throws UnknownHostException {
        assertThat(ActionTags.reversed(InetAddress.getByName("203.0.113.7"))).isEqualTo("7.113.0.203.");
        assertThat(ActionTags.reversed(InetAddress.getByName("2001:db8::1")))
                .isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.");
    }

    @Test
    void shouldSpellPortsAsMultiportDoesAndNoPortsAsTheFullRange() {
        assertThat(ActionTags.portList(List.of(new PortRange(22, 22), new PortRange(1000, 2000))))
                .isEqualTo("22,1000:2000");
        assertThat(ActionTags.portList(List.of())).isEqualTo("0:65535");
    }
}
