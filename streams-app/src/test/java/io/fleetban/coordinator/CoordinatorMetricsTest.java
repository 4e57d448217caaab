package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.BanSource;
import io.fleetban.avro.UnbanReason;
import io.fleetban.coordinator.topology.DecisionEvents;
import io.fleetban.coordinator.topology.SkipReason;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's registry: its own dead-letter counter and Kafka Streams' client metrics, without a broker. */
class CoordinatorMetricsTest {

    @TempDir
    Path stateDir;

    @Test
    void deadLetteredRecordsAndStreamsClientMetricsAppearInTheScrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LongAdder deadLettered = new LongAdder();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
                CoordinatorMetrics metrics = CoordinatorMetrics.bind(registry, deadLettered)) {
            assertThat(registry.scrape()).contains("fleetban_coordinator_records_dead_lettered_total 0.0");

            deadLettered.increment();
            metrics.bindStreamsMetrics(streams);

            String scrape = registry.scrape();
            assertThat(scrape).contains("fleetban_coordinator_records_dead_lettered_total 1.0");
            assertThat(scrape).contains("kafka_stream_alive_stream_threads");
        }
    }

    @Test
    void decisionsAndUncountedOffensesAreCountedWithLowCardinalityLabels() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CoordinatorMetrics metrics = CoordinatorMetrics.bind(registry, new LongAdder());

        metrics.banned("sshd", BanSource.AUTO);
        metrics.banned("sshd", BanSource.AUTO);
        metrics.banned("sshd", BanSource.ESCALATION);
        metrics.unbanned("sshd", UnbanReason.EXPIRED);
        metrics.skipped(SkipReason.INVALID_IP);
        metrics.notCounted("sshd", DecisionEvents.NotCounted.TOO_OLD);
        metrics.clockSkewed("sshd", "web-7", 7_200_000);
        metrics.safetyValveTripped("sshd");

        assertThat(registry.scrape())
                .contains(
                        "fleetban_coordinator_bans_total{jail=\"sshd\",source=\"auto\"} 2.0",
                        "fleetban_coordinator_bans_total{jail=\"sshd\",source=\"escalation\"} 1.0",
                        "fleetban_coordinator_unbans_total{jail=\"sshd\",reason=\"expired\"} 1.0",
                        "fleetban_coordinator_records_skipped_total{reason=\"invalid-ip\"} 1.0",
                        "fleetban_coordinator_offenses_not_counted_total{jail=\"sshd\",reason=\"too-old\"} 1.0",
                        "fleetban_coordinator_offenses_clock_skewed_total{jail=\"sshd\"} 1.0",
                        "fleetban_coordinator_safety_valve_trips_total{jail=\"sshd\"} 1.0");
        assertThat(registry.scrape()).as("never a host or an IP as a label").doesNotContain("web-7");
    }
}
