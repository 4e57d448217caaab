package io.fleetban.fail2ban.jail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.ConfigDir;
import io.fleetban.fail2ban.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fleetban's {@code fleet.*} jail keys: off by default, typed, and every bad value names file, line, section, key. */
class FleetPolicyReaderTest {

    private static final String JAIL = """
            [app]
            enabled = true
            filter = app
            logpath = /var/log/app.log
            """;

    @TempDir
    Path tmp;

    private ConfigDir dir;

    @BeforeEach
    void setUp() {
        dir = new ConfigDir(tmp);
        dir.write("filter.d/app.conf", "[Definition]\nfailregex = ^Failed login from <HOST>$\n");
    }

    private FleetPolicy fleet() {
        return assertThat(JailsReader.read(tmp, ServiceNames.builtIn()))
                .singleElement()
                .actual()
                .policy()
                .fleet();
    }

    @Test
    void isOffByDefaultSoFail2banSemanticsStay() {
        dir.write("jail.d/app.conf", JAIL);
        assertThat(fleet()).isEqualTo(FleetPolicy.OFF);
        assertThat(fleet().minHosts()).isEqualTo(1);
        assertThat(fleet().maxRetryPerHost()).isEmpty();
        assertThat(fleet().ipv6PrefixLength()).isEqualTo(128);
        assertThat(fleet().groupsIpv6()).isFalse();
        assertThat(fleet().maxBansRate()).isEmpty();
    }

    @Test
    void readsEveryKeyFromTheJail() {
        dir.write("jail.d/app.conf", JAIL + """
                maxretry = 5
                fleet.minhosts = 3
                fleet.maxretry.perhost = 10
                fleet.ipv6.prefix = 64
                fleet.maxbans.rate = 100/1m
                """);
        assertThat(fleet())
                .isEqualTo(new FleetPolicy(
                        3, OptionalInt.of(10), 64, Optional.of(new BanRate(100, Duration.ofMinutes(1)))));
        assertThat(fleet().groupsIpv6()).isTrue();
        assertThat(fleet().offensesToKeep(5)).isEqualTo(10);
    }

    @Test
    void inheritsKeysFromDefault() {
        dir.write("jail.conf", "[DEFAULT]\nmaxretry = 4\nfleet.minhosts = 2\n");
        dir.write("jail.d/app.conf", JAIL);
        assertThat(fleet().minHosts()).isEqualTo(2);
    }

    @Test
    void badValuesNameFileLineSectionAndKey() {
        assertError("fleet.minhosts = many", ":5: [app] fleet.minhosts: expected a positive integer, found 'many'");
        assertError("fleet.minhosts = 0", ":5: [app] fleet.minhosts: expected a positive integer, found '0'");
        assertError(
                "fleet.maxretry.perhost = -2",
                ":5: [app] fleet.maxretry.perhost: expected a positive integer, found '-2'");
        assertError(
                "fleet.maxretry.perhost = 2.5",
                ":5: [app] fleet.maxretry.perhost: expected a positive integer, found '2.5'");
        assertError("fleet.ipv6.prefix = /64", ":5: [app] fleet.ipv6.prefix: expected a positive integer, found '/64'");
        assertError(
                "fleet.ipv6.prefix = 32", ":5: [app] fleet.ipv6.prefix: expected a prefix length 48..128, found 32");
        assertError(
                "fleet.ipv6.prefix = 129", ":5: [app] fleet.ipv6.prefix: expected a prefix length 48..128, found 129");
        assertError(
                "fleet.maxbans.rate = 100",
                ":5: [app] fleet.maxbans.rate: expected N/period (e.g. 100/1m), found '100'");
        assertError("fleet.maxbans.rate = many/1m", ":5: [app] fleet.maxbans.rate: expected N/period");
        assertError("fleet.maxbans.rate = 100/soon", ":5: [app] fleet.maxbans.rate: expected N/period");
        assertError(
                "fleet.maxbans.rate = 0/1m",
                ":5: [app] fleet.maxbans.rate: expected N/period (e.g. 100/1m), "
                        + "found '0/1m': both must be positive");
    }

    @Test
    void escalationIsOffWithoutAfterAndReadsItsDefaults() {
        dir.write("jail.d/app.conf", JAIL + "fleet.escalate.ipv4.prefix = 20\n");
        assertThat(fleet().escalation()).as("prefix alone does not turn it on").isEmpty();

        dir.write("jail.d/app.conf", JAIL + "fleet.escalate.after = 5\n");
        assertThat(fleet().escalation()).contains(new PrefixEscalation(5, 24, 64, Optional.empty()));

        dir.write(
                "jail.d/app.conf",
                JAIL + "fleet.escalate.after = 3\nfleet.escalate.ipv4.prefix = 16\n"
                        + "fleet.escalate.ipv6.prefix = 48\nfleet.escalate.bantime = 1h\n");
        assertThat(fleet().escalation()).contains(new PrefixEscalation(3, 16, 48, Optional.of(Duration.ofHours(1))));
        assertThat(fleet().escalation()
                        .get()
                        .networkOf(io.fleetban.fail2ban.value.IpAddress.parse("198.51.100.7")
                                .address())
                        .canonical())
                .isEqualTo("198.51.0.0/16");
    }

    @Test
    void escalationIsBoundedAndBadValuesNameTheirKey() {
        assertError("fleet.escalate.after = 1", ":5: [app] fleet.escalate.after: expected 2..256, found 1");
        assertError("fleet.escalate.after = 1000", ":5: [app] fleet.escalate.after: expected 2..256, found 1000");
        assertError(
                "fleet.escalate.after = 5\nfleet.escalate.ipv4.prefix = 8",
                ":6: [app] fleet.escalate.ipv4.prefix: expected 16..31, found 8");
        assertError(
                "fleet.escalate.after = 5\nfleet.escalate.ipv6.prefix = 16",
                ":6: [app] fleet.escalate.ipv6.prefix: expected 32..127, found 16");
        assertError("fleet.escalate.after = 5\nfleet.escalate.bantime = soon", ":6: [app] fleet.escalate.bantime:");
    }

    @Test
    void minhostsAboveMaxretryCanNeverBeMetAndIsRefused() {
        assertError("fleet.minhosts = 6", ":5: [app] fleet.minhosts: must not exceed maxretry (5)");
    }

    private void assertError(String line, String expected) {
        Path f = dir.write("jail.d/app.conf", JAIL + line + "\n");
        assertThatThrownBy(this::fleet).isInstanceOf(ConfigException.class).hasMessageStartingWith(f + expected);
    }
}
