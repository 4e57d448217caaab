package io.fleetban.coordinator.hosts;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.EnforcerStatus;
import io.fleetban.coordinator.query.QueryUnavailableException;
import io.fleetban.coordinator.topology.BanTopology;
import io.fleetban.status.BanSetDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every host's enforcement, from the two global stores every coordinator instance holds (enforcer-status and the
 * fleet's active-bans) and the decision topics' committed end offsets, now and as this instance sampled them over
 * time ({@link #sampleEnds}, once a second): any instance answers alone.
 */
public final class FleetHosts {

    /** How often {@link #sampleEnds} should run. */
    public static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(FleetHosts.class);

    private final KafkaStreams streams;
    private final Supplier<Map<TopicPartition, Long>> decisionEndOffsets;
    private final DecisionEndTimeline timeline;
    private final Clock clock;

    /** @param decisionEndOffsets the committed (read_committed) end offset of every bans and unbans partition */
    public FleetHosts(KafkaStreams streams, Supplier<Map<TopicPartition, Long>> decisionEndOffsets, Clock clock) {
        this.streams = streams;
        this.decisionEndOffsets = decisionEndOffsets;
        // A status older than three of the longest status intervals (10 min) is judged missing without the ends.
        this.timeline = new DecisionEndTimeline(Duration.ofMinutes(30));
        this.clock = clock;
    }

    /**
     * Notes the decision partitions' committed ends now; brokers that do not answer skip this sample. Never throws:
     * it runs on a schedule, which an exception would end.
     */
    public void sampleEnds() {
        try {
            endsNow();
        } catch (RuntimeException e) {
            LOG.debug("decision ends not sampled: {}", e.toString());
        }
    }

    /** The committed ends now, noted in the timeline as well. */
    private Map<TopicPartition, Long> endsNow() {
        Map<TopicPartition, Long> ends = decisionEndOffsets.get();
        timeline.record(clock.instant(), ends);
        return ends;
    }

    /** The report now; throws {@link QueryUnavailableException} while the global stores are not queryable. */
    public HostsReport report() {
        Instant now = clock.instant();
        List<String> fleet = new ArrayList<>();
        try (KeyValueIterator<String, ActiveBan> bans =
                this.<ActiveBan>store(BanTopology.FLEET_ACTIVE_BANS_STORE).all()) {
            bans.forEachRemaining(entry -> fleet.add(entry.key));
        }
        String digest = BanSetDigest.of(fleet.stream());
        Map<TopicPartition, Long> ends = endsNow();
        List<HostView> hosts;
        try (KeyValueIterator<String, EnforcerStatus> statuses =
                this.<EnforcerStatus>store(BanTopology.ENFORCER_STATUS_STORE).all()) {
            hosts = StreamSupport.stream(Spliterators.spliteratorUnknownSize(statuses, 0), false)
                    .filter(entry -> entry.value != null)
                    .map(entry -> HostJudge.judge(entry.value, ends, timeline::asOf, digest, now))
                    .sorted(Comparator.comparing(HostView::host))
                    .toList();
        }
        return new HostsReport(hosts, fleet.size(), digest, now.toEpochMilli());
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        try {
            return streams.store(
                    StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new QueryUnavailableException("store " + name + " is not queryable yet: " + e.getMessage(), e);
        }
    }
}
