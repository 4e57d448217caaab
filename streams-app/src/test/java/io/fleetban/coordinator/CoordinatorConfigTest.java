package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.coordinator.topology.DecisionEvents;
import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.testkit.TestCertificates;
import io.fleetban.testkit.TutorialJail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinatorConfigTest {

    @TempDir
    Path dir;

    private Path fail2ban;

    /** The seed tutorial's jail and filter, exactly as shipped in examples/. */
    @BeforeEach
    void copyExampleJail() throws IOException {
        fail2ban = TutorialJail.fail2banDir(dir);
    }

    @Test
    void shouldReadTheCoordinatorSectionAndTheSeedJail() throws IOException {
        CoordinatorConfig config = CoordinatorConfig.load(writeWithCoordinator("""
                application.id = fleet-a
                state.dir = /var/tmp/coord
                http.listen = 0.0.0.0:7171
                http.allow.insecure = true
                commit.interval = 20ms
                decision.commit.spacing = 5ms
                num.stream.threads = 3
                num.standby.replicas = 1
                processing.guarantee = at_least_once
                expiry.interval = 1s
                rocksdb.memory = 128MiB
                max.clock.skew = 5m
                session.timeout = 30s
                heartbeat.interval = 3s
                """));

        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.applicationId()).isEqualTo("fleet-a");
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/tmp/coord"));
        assertThat(config.httpListen()).isEqualTo(new ListenAddress("0.0.0.0", 7171));
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.decisionCommitSpacing()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.numStreamThreads()).isEqualTo(3);
        assertThat(config.numStandbyReplicas()).isEqualTo(1);
        assertThat(config.processingGuarantee()).isEqualTo(CoordinatorConfig.ProcessingGuarantee.AT_LEAST_ONCE);
        assertThat(config.expiryInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.rocksDbMemoryBytes()).isEqualTo(128L << 20);
        assertThat(config.maxClockSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.groupTimeouts()).isEqualTo(new GroupTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(3)));
        assertThat(config.topologyOptions(io.fleetban.coordinator.topology.DecisionEvents.NONE)
                        .maxClockSkew())
                .isEqualTo(Duration.ofMinutes(5));
        JailRule fail = config.jails().find("fail").orElseThrow();
        assertThat(fail.maxRetry()).isEqualTo(5);
        assertThat(fail.policy().findTime()).isEqualTo(Duration.ofSeconds(600));
        assertThat(fail.policy().banTime()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldDefaultToExactlyOnceAndTheBriefsAddresses() throws IOException {
        CoordinatorConfig config = CoordinatorConfig.load(writeWithCoordinator(""));

        assertThat(config.processingGuarantee()).isEqualTo(CoordinatorConfig.ProcessingGuarantee.EXACTLY_ONCE_V2);
        assertThat(config.applicationId()).isEqualTo(CoordinatorConfig.DEFAULT_APPLICATION_ID);
        assertThat(config.httpListen()).isEqualTo(new ListenAddress("127.0.0.1", 7070));
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.decisionCommitSpacing()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.numStandbyReplicas()).isZero();
        assertThat(config.numStreamThreads())
                .isEqualTo(CoordinatorConfig.DEFAULT_NUM_STREAM_THREADS)
                .isEqualTo(2);
        assertThat(config.maxClockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.groupTimeouts())
                .isEqualTo(GroupTimeouts.defaults())
                .isEqualTo(new GroupTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(1)));
    }

    @Test
    void shouldRefuseAHeartbeatSlowerThanAThirdOfTheSessionTimeout() throws IOException {
        assertRefused(writeWithCoordinator("""
                session.timeout = 6s
                heartbeat.interval = 3s
                """))
                .hasMessageContaining("[coordinator] heartbeat.interval: ")
                .hasMessageContaining("at most a third of the session timeout (6000ms)");
    }

    @Test
    void shouldRefuseASessionTimeoutBrokersRefuseByDefault() throws IOException {
        assertRefused(writeWithCoordinator("""
                session.timeout = 3s
                """))
                .hasMessageContaining("[coordinator] session.timeout: ")
                .hasMessageContaining("6s..30m");
    }

    @Test
    void shouldPointAKafkaSessionTimeoutToTheCoordinatorKey() throws IOException {
        assertRefused(write("""
                [kafka]
                bootstrap.servers = localhost:9092
                session.timeout.ms = 20000
                [fail2ban]
                config.dir = %s
                """.formatted(fail2ban)))
                .hasMessageContaining("[kafka] session.timeout.ms: set [coordinator] session.timeout instead");
        assertRefused(write("""
                [kafka]
                bootstrap.servers = localhost:9092
                [coordinator.kafka]
                group.protocol = streams
                [fail2ban]
                config.dir = %s
                """.formatted(fail2ban)))
                .hasMessageContaining("group.protocol: the coordinator runs Kafka's classic group protocol");
    }

    @Test
    void shouldNameFileSectionKeyAndLineOfABadValue() throws IOException {
        Path file = writeWithCoordinator("""
                commit.interval = soon
                """);

        assertRefused(file)
                .hasMessageStartingWith(file + ":6: [coordinator] commit.interval: ")
                .hasMessageContaining("soon");
    }

    @Test
    void shouldRejectADecisionCommitSpacingBelowAMillisecond() throws IOException {
        assertRefused(writeWithCoordinator("""
                decision.commit.spacing = 0
                """))
                .hasMessageContaining("[coordinator] decision.commit.spacing: ")
                .hasMessageContaining("at least 1ms");
    }

    @Test
    void shouldRejectACommitIntervalTheTransactionWouldNotOutlive() throws IOException {
        assertRefused(writeWithCoordinator("""
                commit.interval = 10s
                """))
                .hasMessageContaining("[coordinator] commit.interval: ")
                .hasMessageContaining("shorter than the exactly-once transaction timeout (10000ms");
    }

    @Test
    void shouldAllowALongerCommitIntervalWithALongerTransactionTimeout() throws IOException {
        CoordinatorConfig config = CoordinatorConfig.load(write("""
                [kafka]
                bootstrap.servers = localhost:9092
                producer.transaction.timeout.ms = 60000
                [fail2ban]
                config.dir = %s
                [coordinator]
                commit.interval = 30s
                """.formatted(fail2ban)));

        assertThat(config.commitInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldRejectAnUnknownProcessingGuarantee() throws IOException {
        assertRefused(writeWithCoordinator("""
                processing.guarantee = exactly_once
                """))
                .hasMessageContaining("[coordinator] processing.guarantee: ")
                .hasMessageContaining("exactly_once_v2 or at_least_once");
    }

    @Test
    void shouldRejectAnHttpListenWithoutPort() throws IOException {
        assertRefused(writeWithCoordinator("""
                http.listen = localhost
                """)).hasMessageContaining("[coordinator] http.listen: expected host:port");
    }

    @Test
    void shouldReportAMissingKafkaSection() throws IOException {
        Path file = write("""
                [coordinator]
                application.id = x
                """);

        assertRefused(file).hasMessageContaining(file.toString()).hasMessageContaining("[kafka]");
    }

    @Test
    void shouldRefuseAConfigWhoseJailsAreAllDisabled() throws IOException {
        Files.writeString(fail2ban.resolve("jail.local"), "[fail]\nenabled = false\n");
        Path file = writeWithCoordinator("");

        assertRefused(file).hasMessageContaining("[fail2ban] config.dir: no enabled jail");
    }

    @Test
    void shouldReadTheSharedBanLimits() throws IOException {
        CoordinatorConfig config = CoordinatorConfig.load(writeWithCoordinator("[bans]\nmax.prefix.v4 = 16\n"));

        assertThat(config.banLimits()).isEqualTo(new BanLimits(16, 64));
        assertThat(config.topologyOptions(DecisionEvents.NONE).banRule().limits())
                .isEqualTo(config.banLimits());
    }

    @Test
    void shouldRefuseAJailThatCountsByAWiderNetworkThanABanMayCover() throws IOException {
        Files.writeString(fail2ban.resolve("jail.local"), "[fail]\nfleet.ipv6.prefix = 48\n");
        Path file = writeWithCoordinator("");

        assertThatThrownBy(() -> CoordinatorConfig.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[bans] max.prefix.v6: jail fail has fleet.ipv6.prefix = 48, wider than /64");
        Files.writeString(file, "[bans]\nmax.prefix.v6 = 48\n", StandardOpenOption.APPEND);
        assertThat(CoordinatorConfig.load(file).banLimits().maxPrefixV6()).isEqualTo(48);
    }

    @Test
    void shouldRefuseAQueryApiOtherHostsReachWithoutTlsAndToken() throws IOException {
        assertRefused(writeWithCoordinator("""
                http.listen = 0.0.0.0:7070
                """))
                .hasMessageContaining("[coordinator] http.listen: '0.0.0.0:7070' is reachable from other hosts")
                .hasMessageContaining("http.auth.token.file");
    }

    @Test
    void shouldAllowAnInsecureQueryApiOnlyWhenAskedTo() throws IOException {
        CoordinatorConfig config = CoordinatorConfig.load(writeWithCoordinator("""
                http.listen = 0.0.0.0:7070
                http.advertised = coordinator-1.example.net:7070
                http.allow.insecure = true
                """));

        assertThat(config.queryApi().advertised()).contains(new ListenAddress("coordinator-1.example.net", 7070));
        assertThat(config.queryApi().scheme()).isEqualTo("http");
    }

    @Test
    void shouldServeTlsWithATokenFromPemFiles() throws IOException {
        TestCertificates ca = TestCertificates.create(dir.resolve("pki"));
        TestCertificates.Issued certificate = ca.issue("coordinator-1");
        Path token = Files.writeString(dir.resolve("token"), "0123456789abcdef0123\n");
        CoordinatorConfig config = CoordinatorConfig.load(writeWithCoordinator("""
                http.listen = 0.0.0.0:7070
                http.advertised = coordinator-1.example.net:7070
                http.tls.certificate = %s
                http.tls.key = %s
                http.tls.ca = %s
                http.auth.token.file = %s
                """.formatted(
                        certificate.writeCertificatePem(dir.resolve("c.crt")),
                        certificate.writeKeyPem(dir.resolve("c.key")),
                        ca.caPem(),
                        token)));

        assertThat(config.queryApi().scheme()).isEqualTo("https");
        assertThat(config.queryApi().token()).isPresent();
    }

    @Test
    void shouldNameTheKeyOfAMissingTlsFile() throws IOException {
        assertRefused(writeWithCoordinator("""
                http.tls.certificate = /nonexistent/c.crt
                http.tls.key = /nonexistent/c.key
                """)).hasMessageContaining("[coordinator] http.tls.certificate:");
    }

    @Test
    void shouldRefuseAWildcardOrALoopbackAdvertisedAddressForOtherHosts() throws IOException {
        assertRefused(writeWithCoordinator("""
                http.advertised = 0.0.0.0:7070
                """))
                .hasMessageContaining(
                        "[coordinator] http.advertised: '0.0.0.0:7070' is not an address other instances can reach");

        assertRefused(writeWithCoordinator("""
                http.listen = 0.0.0.0:7070
                http.advertised = 127.0.0.1:7070
                http.allow.insecure = true
                """))
                .hasMessageContaining("[coordinator] http.advertised: '127.0.0.1:7070' is loopback");
    }

    /** fleetban.conf with [kafka], the tutorial jail's [fail2ban] and these lines as its [coordinator] section. */
    private Path writeWithCoordinator(String coordinatorLines) throws IOException {
        return write("""
                [kafka]
                bootstrap.servers = localhost:9092
                [fail2ban]
                config.dir = %s
                [coordinator]
                """.formatted(fail2ban) + coordinatorLines);
    }

    /** Expects {@code file} refused with a config error; the caller checks its message. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Path file) {
        return assertThatThrownBy(() -> CoordinatorConfig.load(file)).isInstanceOf(ConfigException.class);
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("fleetban.conf");
        Files.writeString(file, text);
        return file;
    }
}
