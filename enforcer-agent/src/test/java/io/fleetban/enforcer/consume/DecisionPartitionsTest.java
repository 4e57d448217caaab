package io.fleetban.enforcer.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.enforcer.backend.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Partitions added to the decision topics at run time: assigned from their beginning, positions kept. */
class DecisionPartitionsTest {

    private static final String BANS = "fleetban.bans";
    private static final String UNBANS = "fleetban.unbans";
    private static final TopicPartition BANS_0 = new TopicPartition(BANS, 0);
    private static final TopicPartition BANS_1 = new TopicPartition(BANS, 1);
    private static final TopicPartition UNBANS_0 = new TopicPartition(UNBANS, 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final TestClock clock = new TestClock(Instant.parse("2026-12-05T12:00:00Z"));
    private DecisionPartitions growth;

    @BeforeEach
    void twoTopicsOfOnePartition() {
        consumer.updatePartitions(BANS, List.of(info(BANS, 0)));
        consumer.updatePartitions(UNBANS, List.of(info(UNBANS, 0)));
        consumer.updateBeginningOffsets(Map.of(BANS_0, 0L, BANS_1, 0L, UNBANS_0, 0L));
        consumer.updateEndOffsets(Map.of(BANS_0, 7L, BANS_1, 3L, UNBANS_0, 2L));
        consumer.assign(List.of(BANS_0, UNBANS_0));
        consumer.seek(BANS_0, 7L);
        consumer.seek(UNBANS_0, 2L);
        growth = new DecisionPartitions(consumer, List.of(BANS, UNBANS), clock);
    }

    @Test
    void shouldAssignAPartitionAddedWhileRunningFromItsBeginningKeepingTheOthersPositions() {
        consumer.updatePartitions(BANS, List.of(info(BANS, 0), info(BANS, 1)));
        clock.advance(DecisionPartitions.CHECK_INTERVAL);

        assertThat(growth.assignNewIfDue()).containsExactly(BANS_1);

        assertThat(consumer.assignment()).containsExactlyInAnyOrder(BANS_0, BANS_1, UNBANS_0);
        assertThat(consumer.position(BANS_1)).isZero();
        assertThat(consumer.position(BANS_0)).isEqualTo(7L);
        assertThat(consumer.position(UNBANS_0)).isEqualTo(2L);
    }

    @Test
    void shouldNotAskBeforeTheIntervalNorChangeAnythingWhenNothingGrew() {
        consumer.updatePartitions(BANS, List.of(info(BANS, 0), info(BANS, 1)));
        clock.advance(DecisionPartitions.CHECK_INTERVAL.minus(Duration.ofMillis(1)));
        assertThat(growth.assignNewIfDue()).isEmpty();
        assertThat(consumer.assignment()).containsExactlyInAnyOrder(BANS_0, UNBANS_0);

        clock.advance(Duration.ofMillis(1));
        assertThat(growth.assignNewIfDue()).containsExactly(BANS_1);
        clock.advance(DecisionPartitions.CHECK_INTERVAL);
        assertThat(growth.assignNewIfDue()).isEmpty();
        assertThat(consumer.assignment()).isEqualTo(Set.of(BANS_0, BANS_1, UNBANS_0));
    }

    @Test
    void shouldLeaveAnUnassignedConsumerToTheStartUpRebuild() {
        consumer.unsubscribe();
        consumer.updatePartitions(BANS, List.of(info(BANS, 0), info(BANS, 1)));
        clock.advance(DecisionPartitions.CHECK_INTERVAL);

        assertThat(growth.assignNewIfDue()).isEmpty();
        assertThat(consumer.assignment()).isEmpty();
    }

    private static PartitionInfo info(String topic, int partition) {
        return new PartitionInfo(topic, partition, null, null, null);
    }
}
