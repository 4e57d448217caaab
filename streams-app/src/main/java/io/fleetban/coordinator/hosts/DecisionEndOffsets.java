package io.fleetban.coordinator.hosts;

import io.fleetban.coordinator.query.QueryUnavailableException;
import io.fleetban.kafka.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The committed end of every decision partition (bans, unbans), as a read_committed enforcer sees it: the offset
 * it reaches once it has applied every committed decision (transaction markers included).
 */
public final class DecisionEndOffsets implements Supplier<Map<TopicPartition, Long>> {

    private static final long TIMEOUT_SECONDS = 5;

    private final Admin admin;
    private final List<String> topics;

    public DecisionEndOffsets(Admin admin, Topics topics) {
        this.admin = admin;
        this.topics = List.of(topics.bans().name(), topics.unbans().name());
    }

    @Override
    public Map<TopicPartition, Long> get() {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(topics)
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .values()) {
                topic.partitions()
                        .forEach(
                                p -> request.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                            request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            ends.forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        } catch (ExecutionException | TimeoutException e) {
            throw new QueryUnavailableException("decision topics' end offsets unavailable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryUnavailableException("interrupted", e);
        }
    }
}
