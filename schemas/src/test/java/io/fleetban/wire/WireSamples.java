package io.fleetban.wire;

import io.fleetban.avro.Offense;
import java.time.Instant;

/** The records the wire tests pin bytes for. */
final class WireSamples {

    private WireSamples() {}

    /** A small offense with short ASCII fields, so its Avro binary can be worked out by hand. */
    static Offense offense() {
        return Offense.newBuilder()
                .setOffenseId("o1")
                .setJail("fail")
                .setIp("203.0.113.7")
                .setHostId("web-1")
                .setEventTime(Instant.ofEpochMilli(1000))
                .setIngestTime(Instant.ofEpochMilli(1001))
                .setSource("/tmp/fail.log")
                .setLine("x")
                .build();
    }
}
