package io.fleetban.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.fail2ban.jail.FleetPolicy;
import io.fleetban.fail2ban.jail.PrefixEscalation;
import io.fleetban.kafka.OffenderPartitioner;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OffenderRoutingTest {

    @Test
    void theCoordinatorLooksForAKeyWhereTheProducersPutIt() {
        for (String key :
                new String[] {"203.0.113.7", "2001:db8:1:2::7", "2001:db8:1:2:0:0:0:0/64", "198.51.100.0/24"}) {
            assertThat(OffenderRouting.<Object>partitioner().partitions("any", key, null, 6))
                    .isEqualTo(Optional.of(Set.of(OffenderPartitioner.partition(key, 6))));
        }
    }

    @Test
    void noIpv6NetworkTheCoordinatorCountsByIsWiderThanThePartitionersRoutingPrefix() {
        // fleet.ipv6.prefix networks must fall inside one routed /48, or their offenses would split over tasks.
        assertThat(FleetPolicy.MIN_IPV6_PREFIX).isGreaterThanOrEqualTo(OffenderPartitioner.IPV6_ROUTING_PREFIX);
        // Escalated networks may be wider: the escalation branch repartitions by the network itself.
        assertThat(PrefixEscalation.MIN_IPV6_PREFIX).isLessThan(OffenderPartitioner.IPV6_ROUTING_PREFIX);
    }
}
