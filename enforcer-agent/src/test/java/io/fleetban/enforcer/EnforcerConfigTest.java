package io.fleetban.enforcer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fleetban.config.HostId;
import io.fleetban.enforcer.backend.BackendType;
import io.fleetban.enforcer.backend.BlockType;
import io.fleetban.enforcer.backend.EnforcedJail;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.jail.PortRange;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.fail2ban.value.IpRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnforcerConfigTest {

    /** The seed tutorial's jail.d/fail.conf and filter.d/fail.conf, shipped unchanged in examples/. */
    private static final Path SEED = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path conf(String enforcerSection) throws IOException {
        final Path file = dir.resolve("fleetban.conf");
        Files.writeString(
                file,
                "[kafka]\nbootstrap.servers = localhost:9092\n\n[fail2ban]\nconfig.dir = " + SEED + "\n\n[enforcer]\n"
                        + enforcerSection);
        return file;
    }

    @Test
    void shouldReadTheSeedJailAsFail2bansDefaultMultiportReject() throws IOException {
        final EnforcerConfig config = EnforcerConfig.load(conf("host.id = web-1\n"));

        assertThat(config.jails())
                .containsExactly(new EnforcedJail(
                        "fail", List.of(new PortRange(8000, 8000)), "tcp", BlockType.REJECT, List.of()));
        assertThat(config.hostId()).isEqualTo("web-1");
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void shouldApplyTheDocumentedDefaults() throws IOException {
        final EnforcerConfig config = EnforcerConfig.load(conf("never.ban =   ; extra CIDRs\n"));

        assertThat(config.backend()).isEqualTo(BackendType.IPSET);
        assertThat(config.neverBan()).isEmpty();
        assertThat(config.banLimits()).isEqualTo(BanLimits.DEFAULT);
        assertThat(config.maxEntries()).isEqualTo(131_072);
        assertThat(config.reconcileInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.driftCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.unbanMemory()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.fetchMaxWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.firewallNamespace()).isEmpty();
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/fleetban/enforcer"));
    }

    @Test
    void hostIdFollowsTheShippersRule() throws IOException {
        assertThat(EnforcerConfig.load(conf("host.id =\n")).hostId()).isEqualTo(HostId.ofThisHost());
        final Path file = conf("host.id = web 1\n");

        final ConfigException e = assertThrows(ConfigException.class, () -> EnforcerConfig.load(file));

        assertThat(e)
                .hasMessage(file + ":8: [enforcer] host.id: 'web 1' is not a host id (letters, digits, . _ : @ -,"
                        + " at most 253 characters)");
    }

    @Test
    void shouldLeaveMetricsOffByDefault() throws IOException {
        assertThat(EnforcerConfig.load(conf("host.id = web-1\n")).metricsListen())
                .isEmpty();
    }

    @Test
    void shouldReadMetricsListen() throws IOException {
        assertThat(EnforcerConfig.load(conf("metrics.listen = 127.0.0.1:9102\n"))
                        .metricsListen())
                .hasValueSatisfying(listen -> assertThat(listen.getPort()).isEqualTo(9102));
    }

    @Test
    void shouldNameTheKeyOfABadMetricsListen() throws IOException {
        final Path file = conf("metrics.listen = nowhere\n");

        final ConfigException e = assertThrows(ConfigException.class, () -> EnforcerConfig.load(file));

        assertThat(e.getMessage()).contains("[enforcer] metrics.listen: expected host:port, got 'nowhere'");
    }

    @Test
    void shouldReadEveryEnforcerKey() throws IOException {
        final EnforcerConfig config = EnforcerConfig.load(conf("""
                backend = dry-run
                never.ban = 10.0.0.0/8, 2001:db8::/32 192.0.2.1
                max.entries = 500
                reconcile.interval = 5m
                unban.memory = 1h
                fetch.max.wait = 500ms
                firewall.netns = fbbench-1234-h1
                state.dir = %s
                """.formatted(dir.resolve("state"))));

        assertThat(config.backend()).isEqualTo(BackendType.DRY_RUN);
        assertThat(config.neverBan())
                .containsExactly(
                        IpRange.parse("10.0.0.0/8"), IpRange.parse("2001:db8::/32"), IpRange.parse("192.0.2.1"));
        assertThat(config.maxEntries()).isEqualTo(500);
        assertThat(config.reconcileInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.unbanMemory()).isEqualTo(Duration.ofHours(1));
        assertThat(config.fetchMaxWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.firewallNamespace()).contains("fbbench-1234-h1");
        assertThat(config.stateDir()).isEqualTo(dir.resolve("state"));
    }

    @Test
    void shouldRefuseAStateDirThatIsAFile() throws IOException {
        final Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        final ConfigException e =
                assertThrows(ConfigException.class, () -> EnforcerConfig.load(conf("state.dir = " + file + "\n")));

        assertThat(e.key()).isEqualTo("state.dir");
        assertThat(e.detail()).isEqualTo("not a directory: " + file);
    }

    @Test
    void shouldRefuseAFetchWaitOutsideOneMillisecondToTenSeconds() throws IOException {
        final ConfigException e =
                assertThrows(ConfigException.class, () -> EnforcerConfig.load(conf("fetch.max.wait = 11s\n")));

        assertThat(e.key()).isEqualTo("fetch.max.wait");
        assertThat(e.detail()).isEqualTo("'11s' is out of range 1ms..10s");
    }

    @Test
    void shouldRefuseANamespaceNameAToolCouldReadAsAnOption() throws IOException {
        final ConfigException e =
                assertThrows(ConfigException.class, () -> EnforcerConfig.load(conf("firewall.netns = --all\n")));

        assertThat(e.key()).isEqualTo("firewall.netns");
        assertThat(e.detail()).startsWith("not a network namespace name");
    }

    @Test
    void shouldNameFileLineSectionAndKeyOfAnUnknownBackend() throws IOException {
        final Path file = conf("host.id = web-1\nbackend = pf\n");

        final ConfigException e = assertThrows(ConfigException.class, () -> EnforcerConfig.load(file));

        assertThat(e)
                .hasMessage(
                        file
                                + ":9: [enforcer] backend: unknown backend 'pf'; choose one of: ipset, iptables, nftables, command, dry-run");
    }

    @Test
    void shouldReadThePrefixLimitsFromTheSharedBansSection() throws IOException {
        final Path file = conf("host.id = web-1\n");
        Files.writeString(file, "\n[bans]\nmax.prefix.v4 = 32\nmax.prefix.v6 = 128\n", StandardOpenOption.APPEND);

        assertThat(EnforcerConfig.load(file).banLimits()).isEqualTo(new BanLimits(32, 128));
    }

    @Test
    void shouldRefuseAPrefixLimitThatWouldAllowBanningEverything() throws IOException {
        final Path file = conf("host.id = web-1\n");
        Files.writeString(file, "\n[bans]\nmax.prefix.v4 = 0\n", StandardOpenOption.APPEND);

        final ConfigException e = assertThrows(ConfigException.class, () -> EnforcerConfig.load(file));

        assertThat(e.section()).isEqualTo("bans");
        assertThat(e.key()).isEqualTo("max.prefix.v4");
        assertThat(e.detail()).isEqualTo("0 is out of range 1..32");
    }

    @Test
    void shouldSayWhereThePrefixLimitsMoved() throws IOException {
        final ConfigException e =
                assertThrows(ConfigException.class, () -> EnforcerConfig.load(conf("max.prefix.v6 = 48\n")));

        assertThat(e.key()).isEqualTo("max.prefix.v6");
        assertThat(e.detail()).startsWith("moved to [bans] max.prefix.v6");
    }

    @Test
    void shouldNameTheKeyOfAnInvalidNeverBanRange() throws IOException {
        final ConfigException e = assertThrows(
                ConfigException.class, () -> EnforcerConfig.load(conf("never.ban = 10.0.0.0/8 not-a-network\n")));

        assertThat(e.section()).isEqualTo("enforcer");
        assertThat(e.key()).isEqualTo("never.ban");
        assertThat(e.detail()).contains("not-a-network");
    }

    @Test
    void shouldRejectUnknownKeysSoTyposDoNotPassSilently() throws IOException {
        final ConfigException e =
                assertThrows(ConfigException.class, () -> EnforcerConfig.load(conf("max.entrys = 10\n")));

        assertThat(e.key()).isEqualTo("max.entrys");
        assertThat(e.detail())
                .startsWith(
                        "unknown key; known keys: action, backend, drift.check.interval, fetch.max.wait, firewall.netns, host.id,");
    }

    @Test
    void shouldRejectANonPositiveReconcileInterval() throws IOException {
        final ConfigException e =
                assertThrows(ConfigException.class, () -> EnforcerConfig.load(conf("reconcile.interval = 0\n")));

        assertThat(e.key()).isEqualTo("reconcile.interval");
    }

    @Test
    void shouldReadTheDriftCheckIntervalAndRefuseOneOutsideItsRange() throws IOException {
        assertThat(EnforcerConfig.load(conf("drift.check.interval = 250ms\n")).driftCheckInterval())
                .isEqualTo(Duration.ofMillis(250));

        final ConfigException e =
                assertThrows(ConfigException.class, () -> EnforcerConfig.load(conf("drift.check.interval = 10ms\n")));

        assertThat(e.key()).isEqualTo("drift.check.interval");
        assertThat(e.detail()).contains("100ms..1m");
    }
}
