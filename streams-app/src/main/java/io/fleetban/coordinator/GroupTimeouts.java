package io.fleetban.coordinator;

import io.fleetban.config.SectionValues;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.value.Durations;
import io.fleetban.kafka.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How soon the coordinator instances' consumer group gives up on a silent instance ({@value #SESSION_TIMEOUT}) and
 * how often each stream thread says it is alive ({@value #HEARTBEAT_INTERVAL}), under Kafka's classic group protocol.
 *
 * <p>A crashed instance holds its partitions until its session times out: no offense of theirs is counted and no ban
 * decided meanwhile. Kafka's consumer default (45 s) suits consumers on busy or distant hosts; a shorter timeout
 * moves the partitions sooner, but an instance silent for longer (a stop-the-world pause, a frozen VM, a network cut)
 * loses them, its open transaction is aborted and the work redone elsewhere: no ban lost or doubled, a pause for
 * those partitions. The survivors learn of the rebalance at their next heartbeat, so the interval adds to each one.
 *
 * <p>Kafka's newer streams protocol takes these timeouts (and the standby replicas) from the broker's group
 * configuration instead, at least 45 s unless the brokers' {@code group.streams.min.session.timeout.ms} is lowered:
 * the coordinator keeps the classic protocol, so its own configuration decides, within the brokers'
 * {@code group.min.session.timeout.ms} (6 s by default) and {@code group.max.session.timeout.ms}.
 */
public record GroupTimeouts(Duration sessionTimeout, Duration heartbeatInterval) {

    public static final String SESSION_TIMEOUT = "session.timeout";
    public static final String HEARTBEAT_INTERVAL = "heartbeat.interval";
    public static final String DEFAULT_SESSION_TIMEOUT = "10s";
    public static final String DEFAULT_HEARTBEAT_INTERVAL = "1s";
    /** Kafka Streams' default today, set explicitly: under the streams protocol these keys would be ignored. */
    static final String CLASSIC_GROUP_PROTOCOL = "classic";

    /**
     * Client keys the coordinator sets itself, so that in {@code [kafka]} they would silently lose: each with the
     * {@code [coordinator]} key to set instead (none for the group protocol).
     */
    private static final Map<String, String> REPLACED_CLIENT_KEYS = Map.of(
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL,
            StreamsConfig.GROUP_PROTOCOL_CONFIG, "");

    public GroupTimeouts {
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (heartbeatInterval.toMillis() < 1
                || heartbeatInterval.multipliedBy(3).compareTo(sessionTimeout) > 0) {
            throw new IllegalArgumentException("the heartbeat interval (" + heartbeatInterval.toMillis()
                    + "ms) must be at least 1ms and at most a third of the session timeout ("
                    + sessionTimeout.toMillis() + "ms)");
        }
    }

    /** The defaults. */
    public static GroupTimeouts defaults() {
        return new GroupTimeouts(Durations.parse(DEFAULT_SESSION_TIMEOUT), Durations.parse(DEFAULT_HEARTBEAT_INTERVAL));
    }

    /** From {@code [coordinator]}, already parsed by {@link CoordinatorConfig#DEFINITION}. */
    static GroupTimeouts read(IniFile ini, SectionValues coordinator, KafkaSettings kafka) {
        for (Map.Entry<String, String> replaced : REPLACED_CLIENT_KEYS.entrySet()) {
            if (kafka.clientOverrides().containsKey(replaced.getKey())) {
                throw ini.error(
                        KafkaSettings.SECTION,
                        replaced.getKey(),
                        replaced.getValue().isEmpty()
                                ? "the coordinator runs Kafka's classic group protocol; remove the key"
                                : "set [" + CoordinatorConfig.SECTION + "] " + replaced.getValue() + " instead");
            }
        }
        try {
            return new GroupTimeouts(coordinator.duration(SESSION_TIMEOUT), coordinator.duration(HEARTBEAT_INTERVAL));
        } catch (IllegalArgumentException e) {
            throw ini.error(CoordinatorConfig.SECTION, HEARTBEAT_INTERVAL, e.getMessage());
        }
    }

    /** Kafka Streams' settings for them: the main consumer's, which is the one that joins the group. */
    void putInto(Map<Object, Object> streamsProperties) {
        streamsProperties.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, CLASSIC_GROUP_PROTOCOL);
        streamsProperties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int)
                sessionTimeout.toMillis());
        streamsProperties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), (int)
                heartbeatInterval.toMillis());
    }
}
