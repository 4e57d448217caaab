package io.fleetban.coordinator.query;

import io.fleetban.coordinator.ListenAddress;
import io.fleetban.coordinator.topology.BanTopology;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
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
