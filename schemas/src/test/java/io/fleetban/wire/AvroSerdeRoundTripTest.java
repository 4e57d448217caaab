package io.fleetban.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Offense;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvroSerdeRoundTripTest {

    private static final String TOPIC = "fleetban.offenses";

    @Test
    void singleObjectOffenseRoundTripsToAnEqualRecord() {
        AvroSerde<Offense> serde = AvroSerde.singleObject(Offense.class);
        Offense offense = WireSamples.offense();

        byte[] bytes = serde.serializer().serialize(TOPIC, offense);

        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(offense);
    }

    @Test
    void banDecisionWithUnionsAndArraysRoundTrips() {
        AvroSerde<BanDecision> serde = AvroSerde.singleObject(BanDecision.class);
        BanDecision ban = BanDecision.newBuilder()
                .setDecisionId("d-1")
                .setJail("sshd")
                .setIp("2001:db8::/64")
                .setSource(BanSource.AUTO)
                .setReason("5 failures in 10m")
                .setFailures(5)
                .setHosts(List.of("web-1", "web-2"))
                .setBannedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setExpiresAt(null)
                .setBanCount(2)
                .setActor(null)
                .build();

        assertThat(serde.deserializer()
                        .deserialize("fleetban.bans", serde.serializer().serialize("fleetban.bans", ban)))
                .isEqualTo(ban);
    }

    @Test
    void nullValueIsATombstoneBothWays() {
        AvroSerde<ActiveBan> serde = AvroSerde.singleObject(ActiveBan.class);

        assertThat(serde.serializer().serialize("fleetban.active-bans", null)).isNull();
        assertThat(serde.deserializer().deserialize("fleetban.active-bans", null))
                .isNull();
    }
}
