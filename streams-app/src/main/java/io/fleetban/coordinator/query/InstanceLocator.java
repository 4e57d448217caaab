package io.fleetban.coordinator.query;

import io.fleetban.coordinator.ListenAddress;
import io.fleetban.coordinator.topology.BanTopology;
import io.fleetban.coordinator.topology.OffenderRouting;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which coordinator instances hold state, from Kafka Streams' metadata (each instance advertises its query API as
 * {@code application.server}). The resource asks each of them for its share.
 */
public final class InstanceLocator {

    private final KafkaStreams streams;
    private final HostInfo self;

    public InstanceLocator(KafkaStreams streams, ListenAddress self) {
        this.streams = streams;
        this.self = new HostInfo(self.host(), self.port());
    }

    /**
     * The instance whose active task holds this IP's (or network's) state, and the partition: offenses and commands
     * are partitioned by {@link OffenderRouting}, so the key alone decides both.
     */
    public KeyOwner ownerOf(String ip) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(BanTopology.OFFENDERS_STORE, ip,
                OffenderRouting.partitioner());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new QueryUnavailableException("no instance holds " + ip + " right now (rebalancing)", null);
        }
        HostInfo active = metadata.activeHost();
        return new KeyOwner(new ListenAddress(active.host(), active.port()), metadata.partition(),
                active.equals(self));
    }

    /**
     * Where one key lives.
     *
     * @param instance  the instance with the active task
     * @param partition the partition (and task) holding it
     * @param self      whether that instance is this one
     */
    public record KeyOwner(ListenAddress instance, int partition, boolean self) {
    }

    /**
     * Partitions Kafka Streams assigns to this instance's advertised address that no task of this instance holds:
     * another instance advertises the same address (two hosts both on the default {@code 127.0.0.1:7070}), so
     * neither can ask the other, and an answer from here misses that instance's share.
     */
    public int partitionsOfTwins() {
        Set<TopicPartition> claimed = streams.metadataForAllStreamsClients().stream()
                .filter(metadata -> metadata.hostInfo().equals(self))
                .flatMap(metadata -> metadata.topicPartitions().stream())
                .collect(Collectors.toCollection(HashSet::new));
        streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .forEach(claimed::remove);
        return claimed.size();
    }

    /** This instance's advertised address. */
    public ListenAddress self() {
        return new ListenAddress(self.host(), self.port());
    }

    /** The other instances hosting the coordinator's stores (active or standby). */
    public List<ListenAddress> others() {
        return streams.streamsMetadataForStore(BanTopology.JAIL_TOTALS_STORE).stream()
                .map(StreamsMetadata::hostInfo)
                .filter(host -> !host.equals(self))
                .distinct()
                .map(host -> new ListenAddress(host.host(), host.port()))
                .toList();
    }
}
