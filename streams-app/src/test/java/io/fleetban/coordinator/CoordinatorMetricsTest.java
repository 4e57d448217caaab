package io.fleetban.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

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
             CoordinatorMetrics metrics = CoordinatorMetrics.bind(registry, streams, deadLettered)) {
            assertThat(registry.scrape()).contains("fleetban_coordinator_records_dead_lettered_total 0.0");

            deadLettered.increment();
            metrics.bindStreamsMetrics();

            String scrape = registry.scrape();
            assertThat(scrape).contains("fleetban_coordinator_records_dead_lettered_total 1.0");
            assertThat(scrape).contains("kafka_stream_alive_stream_threads");
        }
    }
}
