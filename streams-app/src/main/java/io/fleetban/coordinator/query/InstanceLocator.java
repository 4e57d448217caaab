package io.fleetban.coordinator.query;

import io.fleetban.coordinator.ListenAddress;
import io.fleetban.coordinator.topology.BanTopology;
import io.fleetban.coordinator.topology.OffenderRouting;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
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
    private final String offensesTopic;
    private final int partitions;

    /**
     * @param offensesTopic the offenses topic, whose partitions every instance's tasks split among them
     * @param partitions    its partition count
     */
    public InstanceLocator(KafkaStreams streams, ListenAddress self, String offensesTopic, int partitions) {
        this.streams = streams;
        this.self = new HostInfo(self.host(), self.port());
        this.offensesTopic = offensesTopic;
        this.partitions = partitions;
    }

    /**
     * The instance whose active task holds this IP's (or network's) state, and the partition: offenses and commands
     * are partitioned by {@link OffenderRouting}, so the key alone decides both.
     */
    public KeyOwner ownerOf(String ip) {
        KeyQueryMetadata metadata =
                streams.queryMetadataForKey(BanTopology.OFFENDERS_STORE, ip, OffenderRouting.partitioner());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new QueryUnavailableException("no instance holds " + ip + " right now (rebalancing)", null);
        }
        HostInfo active = metadata.activeHost();
        return new KeyOwner(new ListenAddress(active.host(), active.port()), metadata.partition(), active.equals(self));
    }

    /**
     * Where one key lives.
     *
     * @param instance  the instance with the active task
     * @param partition the partition (and task) holding it
     * @param self      whether that instance is this one
     */
    public record KeyOwner(ListenAddress instance, int partition, boolean self) {}

    /**
     * Partitions of the offenses topic that neither this instance's tasks nor any other advertised instance holds.
     * Kafka Streams keeps one entry per advertised address, so when another instance advertises this one's address
     * (two hosts both on the default {@code 127.0.0.1:7070}) one of the two shares vanishes from its metadata, and
     * nobody can ask for it; a rebalance under way leaves partitions unassigned for a moment too.
     */
    public int partitionsNoOneAnswersFor() {
        Set<Integer> answered = new HashSet<>();
        streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .filter(partition -> partition.topic().equals(offensesTopic))
                .forEach(partition -> answered.add(partition.partition()));
        streams.metadataForAllStreamsClients().stream()
                .filter(metadata -> !metadata.hostInfo().equals(self))
                .flatMap(metadata -> metadata.topicPartitions().stream())
                .filter(partition -> partition.topic().equals(offensesTopic))
                .forEach(partition -> answered.add(partition.partition()));
        return (int) IntStream.range(0, partitions)
                .filter(partition -> !answered.contains(partition))
                .count();
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
