package io.fleetban.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.fail2ban.value.IpRange;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final ClientAddressResolver resolver =
            new ClientAddressResolver(List.of(IpRange.parse("198.51.100.10/32")));

    @Test
    void shouldIgnoreForwardedForFromAnUntrustedPeer() throws Exception {
        assertThat(resolver.resolve(InetAddress.getByName("198.51.100.66"), "203.0.113.9"))
                .isEqualTo("198.51.100.66");
    }

    @Test
    void shouldTakeTheClientFromATrustedProxy() throws Exception {
        assertThat(resolver.resolve(InetAddress.getByName("198.51.100.10"), "203.0.113.9"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void shouldNotBelieveHopsTheClientWroteItself() throws Exception {
        // The client sent "X-Forwarded-For: 192.0.2.1"; the proxy appended the real client 203.0.113.9.
        assertThat(resolver.resolve(InetAddress.getByName("198.51.100.10"), "192.0.2.1, 203.0.113.9"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void shouldFallBackToThePeerWhenTheHeaderIsGarbage() throws Exception {
        assertThat(resolver.resolve(InetAddress.getByName("198.51.100.10"), "not-an-ip"))
                .isEqualTo("198.51.100.10");
    }

    @Test
    void shouldNormaliseIpv6() throws Exception {
        assertThat(resolver.resolve(InetAddress.getByName("2001:db8:0:0::1"), null))
                .isEqualTo(InetAddress.getByName("2001:db8::1").getHostAddress());
    }
}
