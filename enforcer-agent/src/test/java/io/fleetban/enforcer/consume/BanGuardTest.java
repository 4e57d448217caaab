package io.fleetban.enforcer.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.EnforcerMetrics;
import io.fleetban.enforcer.backend.BanFixtures;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.fail2ban.value.IpRange;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BanGuardTest {

    private final EnforcerMetrics metrics = new EnforcerMetrics();
    /** Jail "fail" ignores 192.0.2.0/24; never.ban = 203.0.113.128/25; this host is 198.51.100.1; the broker 198.51.100.50. */
    private final BanGuard guard = new BanGuard(
            List.of(BanFixtures.FAIL),
            List.of(IpRange.parse("203.0.113.128/25")),
            Set.of(
                    IpAddress.parse("198.51.100.1").address(),
                    IpAddress.parse("2001:db8::1").address()),
            Set.of(IpAddress.parse("198.51.100.50").address()),
            BanLimits.DEFAULT,
            metrics);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "not-an-ip,           UNPARSABLE",
        "example.com,         UNPARSABLE",
        "198.51.100.2; rm,    UNPARSABLE",
        "0.0.0.0/0,           PREFIX_TOO_WIDE",
        "::/0,                PREFIX_TOO_WIDE",
        "198.51.0.0/16,       PREFIX_TOO_WIDE",
        "2001:db8::/48,       PREFIX_TOO_WIDE",
        "127.0.0.1,           LOOPBACK",
        "::1,                 LOOPBACK",
        "::ffff:127.0.0.1,    LOOPBACK",
        "0.0.0.0,             UNSPECIFIED",
        "::,                  UNSPECIFIED",
        "169.254.10.1,        LINK_LOCAL",
        "fe80::1,             LINK_LOCAL",
        "224.0.0.1,           MULTICAST",
        "ff02::1,             MULTICAST",
        "255.255.255.255,     BROADCAST",
        "198.51.100.7/24,     HOST_BITS_SET",
        "198.51.100.1,        OWN_ADDRESS",
        "198.51.100.0/24,     OWN_ADDRESS",
        "2001:db8::1,         OWN_ADDRESS",
        "198.51.100.50,       BROKER_ADDRESS",
        "192.0.2.77,          IGNORE_IP",
        "203.0.113.200,       NEVER_BAN",
    })
    void shouldRefuseAndCount(String ip, BanGuard.Reason reason) {
        assertThat(guard.check("fail", ip)).isEqualTo(new BanGuard.Refused("fail", ip, reason));
        assertThat(metrics.count(EnforcerMetrics.BANS_REFUSED, reason.name())).isEqualTo(1);
    }

    @Test
    void shouldKeyBansWithTheConfiguredJailNameNotTheDecodedCopy() {
        final String decoded = new String(BanFixtures.FAIL.name().toCharArray());

        final BanGuard.Verdict verdict = guard.check(decoded, "198.51.100.9");

        assertThat(((BanGuard.Allowed) verdict).key().jail()).isSameAs(BanFixtures.FAIL.name());
        assertThat(guard.unbanKey(decoded, "198.51.100.9").orElseThrow().jail()).isSameAs(BanFixtures.FAIL.name());
    }

    @Test
    void shouldRefuseAPrefixThatMerelyOverlapsAProtectedRange() {
        final EnforcerMetrics counted = new EnforcerMetrics();
        final BanGuard wide = new BanGuard(
                List.of(BanFixtures.FAIL),
                List.of(IpRange.parse("203.0.113.7")),
                Set.of(),
                Set.of(),
                new BanLimits(8, 32),
                counted);

        assertThat(wide.check("fail", "203.0.0.0/16"))
                .isEqualTo(new BanGuard.Refused("fail", "203.0.0.0/16", BanGuard.Reason.NEVER_BAN));
        assertThat(wide.check("fail", "192.0.0.0/16"))
                .isEqualTo(new BanGuard.Refused("fail", "192.0.0.0/16", BanGuard.Reason.IGNORE_IP));
        assertThat(wide.check("fail", "127.0.0.0/8"))
                .isEqualTo(new BanGuard.Refused("fail", "127.0.0.0/8", BanGuard.Reason.LOOPBACK));
    }

    @Test
    void shouldRefuseAJailThisHostDoesNotEnforce() {
        assertThat(guard.check("sshd", "198.51.100.2"))
                .isEqualTo(new BanGuard.Refused("sshd", "198.51.100.2", BanGuard.Reason.UNKNOWN_JAIL));
    }

    @ParameterizedTest
    @CsvSource({"198.51.100.2, 198.51.100.2/32", "203.0.113.0/25, 203.0.113.0/25", "2001:db8:1::/64, 2001:db8:1::/64"})
    void shouldAllowOrdinaryAddressesAndPrefixesWithinTheLimit(String ip, String expected) {
        final BanGuard permissive =
                new BanGuard(List.of(BanFixtures.FAIL), List.of(), Set.of(), Set.of(), BanLimits.DEFAULT, metrics);

        assertThat(permissive.check("fail", ip)).isEqualTo(new BanGuard.Allowed(BanFixtures.key("fail", expected)));
        assertThat(metrics.total(EnforcerMetrics.BANS_REFUSED)).isZero();
    }

    @Test
    void shouldParseUnbansWithoutGuardingThemButIgnoreGarbage() {
        assertThat(guard.unbanKey("fail", "127.0.0.1")).contains(BanFixtures.key("fail", "127.0.0.1"));
        assertThat(guard.unbanKey("fail", "localhost")).isEmpty();
    }
}
