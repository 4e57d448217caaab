package io.fleetban.coordinator;

import io.fleetban.coordinator.query.QueryApiOptions;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.value.BanLimits;
import io.fleetban.fail2ban.value.Durations;
import io.fleetban.kafka.KafkaSettings;
import io.fleetban.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Coordinator configs for integration tests: fast commits and expiry, small RocksDB, an ephemeral query port. */
final class TestCoordinatorConfigs {

    private TestCoordinatorConfigs() {}

    /**
     * The [kafka] section for a one-broker test cluster: no schema registry, replication factor 1, no extra keys,
     * bans and unbans with the coordinator's default partitions, as shipped.
     */
    static KafkaSettings kafka(KafkaTestCluster cluster, String topicPrefix, int partitions) {
        return new KafkaSettings(
                cluster.bootstrapServers(),
                topicPrefix,
                Optional.empty(),
                partitions,
                KafkaSettings.DEFAULT_DECISION_PARTITIONS,
                (short) 1,
                Map.of());
    }

    /**
     * As {@link #kafka(KafkaTestCluster, String, int)} with 2 partitions, for a coordinator whose commit interval
     * outlasts the test, so that every commit is one its decisions asked for: a transaction must outlive the commit
     * interval (the broker allows up to 15 minutes).
     */
    static KafkaSettings kafkaCommittingOnRequest(
            KafkaTestCluster cluster, String topicPrefix, Duration commitInterval) {
        return new KafkaSettings(
                cluster.bootstrapServers(),
                topicPrefix,
                Optional.empty(),
                2,
                2,
                (short) 1,
                Map.of(
                        CoordinatorConfig.PRODUCER_TRANSACTION_TIMEOUT,
                        Long.toString(commitInterval.plusMinutes(1).toMillis())));
    }

    /** The jail "fail" with this maxretry; findtime and bantime are 10 minutes, so no ban ends within a test. */
    static JailRules failJail(int maxRetry) {
        return JailRules.of(new JailRule(
                "fail", new JailPolicy(maxRetry, Duration.ofMinutes(10), Duration.ofMinutes(10)), List.of()));
    }

    /**
     * @param dir           where the test's fleetban.conf and fail2ban dir would live (named in errors only)
     * @param standbys      standby replicas (1 for failover tests)
     */
    static CoordinatorConfig of(
            Path dir, KafkaSettings kafka, JailRules jails, String applicationId, Path stateDir, int standbys) {
        return of(
                dir,
                kafka,
                jails,
                applicationId,
                stateDir,
                standbys,
                Durations.parse(CoordinatorConfig.DEFAULT_COMMIT_INTERVAL));
    }

    /** As {@link #of(Path, KafkaSettings, JailRules, String, Path, int)}, committing every {@code commitInterval}. */
    static CoordinatorConfig of(
            Path dir,
            KafkaSettings kafka,
            JailRules jails,
            String applicationId,
            Path stateDir,
            int standbys,
            Duration commitInterval) {
        return new CoordinatorConfig(
                dir.resolve("fleetban.conf"),
                kafka,
                dir.resolve("fail2ban"),
                jails,
                applicationId,
                stateDir,
                new ListenAddress("127.0.0.1", 0),
                commitInterval,
                Durations.parse(CoordinatorConfig.DEFAULT_DECISION_COMMIT_SPACING),
                1,
                standbys,
                GroupTimeouts.defaults(),
                CoordinatorConfig.ProcessingGuarantee.EXACTLY_ONCE_V2,
                Duration.ofMillis(200),
                Duration.ofSeconds(60),
                64L << 20,
                QueryApiOptions.plain(),
                BanLimits.DEFAULT);
    }
}
