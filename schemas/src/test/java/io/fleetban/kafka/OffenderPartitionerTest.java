package io.fleetban.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OffenderPartitionerTest {

    private static final int PARTITIONS = 12;

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "198.51.100.0/24", "10.0.0.1", "not-an-ip", "fail", "2001:zz::1"})
    void ipv4AndOtherKeysGoWhereKafkasDefaultPartitionerPutsThem(String key) {
        assertThat(OffenderPartitioner.partition(key, PARTITIONS))
                .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), PARTITIONS));
    }

    @Test
    void everyIpv6AddressAndNetworkOfOneSlash48MeetsInOnePartition() {
        List<String> sameSite = List.of(
                "2001:db8:1:2::1",
                "2001:db8:1:2::ffff",
                "2001:db8:1:ff00::7",
                "2001:db8:1:2::/64",
                "2001:db8:1::/48",
                "2001:0db8:0001:0000:0000:0000:0000:0009");
        int partition = OffenderPartitioner.partition(sameSite.get(0), PARTITIONS);

        assertThat(sameSite)
                .allSatisfy(key -> assertThat(OffenderPartitioner.partition(key, PARTITIONS))
                        .as(key)
                        .isEqualTo(partition));
    }

    @Test
    void differentSlash48sSpreadOverThePartitions() {
        long used = java.util.stream.IntStream.range(0, 200)
                .map(i -> OffenderPartitioner.partition("2001:db8:" + Integer.toHexString(i) + "::1", PARTITIONS))
                .distinct()
                .count();

        assertThat(used).isEqualTo(PARTITIONS);
    }
}
