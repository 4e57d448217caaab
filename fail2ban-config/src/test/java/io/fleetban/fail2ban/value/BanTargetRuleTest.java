package io.fleetban.fail2ban.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.value.BanTargetRule.Allowed;
import io.fleetban.fail2ban.value.BanTargetRule.Reason;
import io.fleetban.fail2ban.value.BanTargetRule.Refused;
import io.fleetban.fail2ban.value.BanTargetRule.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BanTargetRuleTest {

    private final BanTargetRule rule = new BanTargetRule(BanLimits.DEFAULT);

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource({
        "0.0.0.0/0, PREFIX_TOO_WIDE",
        "::/0, PREFIX_TOO_WIDE",
        "0.0.0.0, UNSPECIFIED",
        "0.1.2.3, UNSPECIFIED",
        "::, UNSPECIFIED",
        "127.0.0.1, LOOPBACK",
        "127.9.9.0/24, LOOPBACK",
        "::1, LOOPBACK",
        "169.254.1.1, LINK_LOCAL",
        "fe80::1, LINK_LOCAL",
        "224.0.0.1, MULTICAST",
        "ff02::1, MULTICAST",
        "255.255.255.255, BROADCAST",
        "2001:db8::/16, HOST_BITS_SET",
        "2001::/16, PREFIX_TOO_WIDE",
        "1.2.3.4/8, HOST_BITS_SET",
        "1.0.0.0/8, PREFIX_TOO_WIDE",
        "203.0.113.7/24, HOST_BITS_SET",
        "10.1.2.3/255.255.255.0, HOST_BITS_SET",
        "not-an-ip, UNPARSABLE",
        "203.0.113.0/33, UNPARSABLE"
    })
    void refuses(String text, Reason reason) {
        final Verdict verdict = rule.check(text);
        assertThat(verdict).isInstanceOf(Refused.class);
        assertThat(((Refused) verdict).reason()).isEqualTo(reason);
        assertThat(((Refused) verdict).message()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} allowed as {1}")
    @CsvSource({
        "203.0.113.7, 203.0.113.7",
        "203.0.113.7/32, 203.0.113.7",
        "203.0.113.0/24, 203.0.113.0/24",
        "203.0.113.0/255.255.255.0, 203.0.113.0/24",
        "2001:db8::7, 2001:db8::7",
        "2001:db8:1::/64, 2001:db8:1::/64",
        "126.255.255.255, 126.255.255.255",
        "128.0.0.0, 128.0.0.0"
    })
    void allows(String text, String target) {
        final Verdict verdict = rule.check(text);
        assertThat(verdict).isInstanceOf(Allowed.class);
        assertThat(((Allowed) verdict).target().banTarget()).isEqualTo(target);
    }

    @Test
    void hostBitsNameTheNetworkProbablyMeant() {
        assertThat(((Refused) new BanTargetRule(new BanLimits(8, 64)).check("1.2.3.4/8")).message())
                .isEqualTo("1.2.3.4/8 has host bits set; did you mean 1.0.0.0/8?");
    }

    @Test
    void theLimitsAreConfigurable() {
        final BanTargetRule wide = new BanTargetRule(new BanLimits(16, 48));
        assertThat(wide.check("198.51.0.0/16")).isInstanceOf(Allowed.class);
        assertThat(wide.check("2001:db8::/48")).isInstanceOf(Allowed.class);
        assertThat(((Refused) wide.check("198.0.0.0/15")).message())
                .contains("wider than /16")
                .contains("max.prefix.v4");
        assertThat(wide.check("2001:db8::/47")).isInstanceOf(Refused.class);
    }

    @Test
    void aNetworkOverlappingASpecialRangeIsRefusedEvenWhenItsNetworkAddressIsNot() {
        final BanTargetRule wide = new BanTargetRule(new BanLimits(1, 1));
        assertThat(((Refused) wide.check("112.0.0.0/4")).reason()).isEqualTo(Reason.LOOPBACK);
        assertThat(((Refused) wide.check("8000::/1")).reason()).isEqualTo(Reason.LINK_LOCAL);
    }

    @Test
    void anOffenseAddressIsCheckedWithoutParsingAgain() {
        assertThat(rule.refusal(IpAddress.parse("0.0.0.0")))
                .map(Refused::reason)
                .contains(Reason.UNSPECIFIED);
        assertThat(rule.refusal(IpAddress.parse("::"))).map(Refused::reason).contains(Reason.UNSPECIFIED);
        assertThat(rule.refusal(IpAddress.parse("::ffff:127.0.0.1")))
                .map(Refused::reason)
                .contains(Reason.LOOPBACK);
        assertThat(rule.refusal(IpAddress.parse("203.0.113.7"))).isEmpty();
    }

    @Test
    void unbansOnlyNeedValidSyntax() {
        assertThat(BanTargetRule.parse("0.0.0.0/0")).isInstanceOf(Allowed.class);
        assertThat(BanTargetRule.parse("2001:db8::/32")).isInstanceOf(Allowed.class);
        assertThat(((Refused) BanTargetRule.parse("1.2.3.4/8")).reason()).isEqualTo(Reason.HOST_BITS_SET);
    }

    @Test
    void limitsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new BanLimits(0, 64)).hasMessageContaining("1..32");
        assertThatThrownBy(() -> new BanLimits(24, 129)).hasMessageContaining("1..128");
    }

    @Test
    void labelsAreLowCardinalityWords() {
        assertThat(Reason.HOST_BITS_SET.label()).isEqualTo("host-bits-set");
    }
}
