package io.fleetban.enforcer.consume;

import io.fleetban.avro.ActiveBan;
import io.fleetban.avro.BanDecision;
import io.fleetban.avro.BanSource;
import io.fleetban.avro.Unban;
import io.fleetban.avro.UnbanReason;
import io.fleetban.kafka.Topic;
import java.time.Instant;
import java.util.List;

/**
 * The decisions the coordinator writes, as the enforcer's tests feed them: jail "fail", decision ids
 * {@code b-<ip>}, {@code u-<ip>} and {@code a-<ip>} (the applied-decision log reports them). Reason, failures and
 * hosts are filled in only because the schema requires them; the enforcer does not read them.
 */
public final class DecisionRecords {

    private DecisionRecords() {}

    public static BanDecision ban(String ip, Instant bannedAt, Instant expiresAt) {
        return BanDecision.newBuilder()
                .setDecisionId("b-" + ip)
                .setJail("fail")
                .setIp(ip)
                .setSource(BanSource.AUTO)
                .setReason("5 failures")
                .setFailures(5)
                .setHosts(List.of("web-1"))
                .setBannedAt(bannedAt)
                .setExpiresAt(expiresAt)
                .build();
    }

    public static Unban unban(String ip, Instant unbannedAt) {
        return Unban.newBuilder()
                .setDecisionId("u-" + ip)
                .setJail("fail")
                .setIp(ip)
                .setReason(UnbanReason.MANUAL)
                .setUnbannedAt(unbannedAt)
                .build();
    }

    /** An entry of the compacted active-bans topic, keyed {@code fail/<ip>}. */
    public static ActiveBan activeBan(String ip, Instant bannedAt, Instant expiresAt) {
        return ActiveBan.newBuilder()
                .setJail("fail")
                .setIp(ip)
                .setDecisionId("a-" + ip)
                .setSource(BanSource.AUTO)
                .setBannedAt(bannedAt)
                .setExpiresAt(expiresAt)
                .build();
    }

    /** {@code value} as a producer would write it to {@code topic}: through the topic's own serde. */
    public static <V> byte[] serialized(Topic<String, V> topic, V value) {
        return topic.valueSerde().serializer().serialize(topic.name(), value);
    }
}
