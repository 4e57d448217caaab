package io.fleetban.kafka;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Where an offense or a command for one address or network goes, on the offenses and commands topics (keyed by
 * that address or network as text). IPv4 keys go exactly where Kafka's default partitioner puts them (murmur2 of the
 * key bytes). IPv6 keys go by their /48 network instead: the coordinator may count and ban IPv6 offenders by any
 * network from /48 to /128 ({@code fleet.ipv6.prefix}), and that network's offenses and an operator's command for it
 * must meet in one partition, hence in one task's state. Every producer of those topics uses this partitioner
 * ({@link KafkaSettings#producerConfig}), and the coordinator asks it where a key's state lives.
 */
public final class OffenderPartitioner implements Partitioner {

    /** The shortest network that routes IPv6: {@code fleet.ipv6.prefix} is never shorter. */
    public static final int IPV6_ROUTING_PREFIX = 48;

    /** The partition of {@code key} among {@code partitions}. */
    public static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(routingBytes(key))) % partitions;
    }

    /** The bytes that decide the partition: an IPv6 key's /48, any other key's UTF-8 text. */
    static byte[] routingBytes(String key) {
        if (key.indexOf(':') < 0) {
            return key.getBytes(StandardCharsets.UTF_8);
        }
        int slash = key.indexOf('/');
        String address = slash < 0 ? key : key.substring(0, slash);
        try {
            // A text with ':' is parsed as an IPv6 literal, never looked up in DNS.
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet6Address) {
                return Arrays.copyOf(parsed.getAddress(), IPV6_ROUTING_PREFIX / 8);
            }
        } catch (UnknownHostException e) {
            // Not an address: routed by its text, as the default partitioner would.
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionsForTopic(topic).size();
        if (key instanceof String text) {
            return partition(text, partitions);
        }
        if (keyBytes == null) {
            // fleetban always keys these records; a keyless one carries no offender to keep together.
            return ThreadLocalRandom.current().nextInt(partitions);
        }
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure: the routing prefix is fleetban's contract, not a setting.
    }

    @Override
    public void close() {
        // Holds nothing.
    }
}
