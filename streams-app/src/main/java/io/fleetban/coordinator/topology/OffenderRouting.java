package io.fleetban.coordinator.topology;

import io.fleetban.kafka.OffenderPartitioner;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The coordinator's side of {@link OffenderPartitioner}: shippers and operators' clients put an address's or
 * network's offenses and commands in the partition it chooses, so the coordinator must look for that key's state,
 * and send its own commands, by the same rule.
 */
public final class OffenderRouting {

    private OffenderRouting() {}

    /** Where the records and the state of an address or network (the key) are. */
    public static <V> StreamPartitioner<String, V> partitioner() {
        return (topic, key, value, partitions) -> Optional.of(Set.of(OffenderPartitioner.partition(key, partitions)));
    }
}
