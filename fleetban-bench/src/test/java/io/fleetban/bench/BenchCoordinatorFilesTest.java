package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.coordinator.CoordinatorConfig;
import io.fleetban.kafka.KafkaSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a benchmark coordinator starts from, loaded as the coordinator loads them. */
class BenchCoordinatorFilesTest {

    @TempDir
    Path dir;

    @Test
    void shouldGiveTheDecisionTopicsTheirOwnPartitionCount() {
        final Path conf = BenchCoordinatorFiles.write(dir, "127.0.0.1:9092", 6, 2, 1, Map.of());

        final KafkaSettings kafka = CoordinatorConfig.load(conf).kafka();

        assertThat(kafka.topicPartitions()).isEqualTo(6);
        assertThat(kafka.decisionPartitions()).isEqualTo(2);
    }

    @Test
    void shouldKeepTheCoordinatorsDefaultDecisionPartitionsUnlessAsked() {
        final Path conf = BenchCoordinatorFiles.write(dir, "127.0.0.1:9092", 6, 1, Map.of());

        assertThat(CoordinatorConfig.load(conf).kafka().decisionPartitions())
                .isEqualTo(KafkaSettings.DEFAULT_DECISION_PARTITIONS);
    }
}
