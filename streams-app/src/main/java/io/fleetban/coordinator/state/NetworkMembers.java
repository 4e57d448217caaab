package io.fleetban.coordinator.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One (jail, network)'s banned addresses, for prefix escalation: each with the end of its ban, and when the network
 * itself is banned, until when. Holds at most {@code fleet.escalate.after} addresses: reaching that many escalates
 * and clears them.
 */
public final class NetworkMembers {

    private static final byte VERSION = 1;

    private final Map<String, Long> bannedUntil;
    private long networkBannedUntil;

    private NetworkMembers(Map<String, Long> bannedUntil, long networkBannedUntil) {
        this.bannedUntil = bannedUntil;
        this.networkBannedUntil = networkBannedUntil;
    }

    public static NetworkMembers empty() {
        return new NetworkMembers(new LinkedHashMap<>(), MemberChange.ENDED);
    }

    /** Whether the network's own ban is in force at {@code now}. */
    public boolean networkBannedAt(long now) {
        return networkBannedUntil == OffenderState.PERMANENT || networkBannedUntil > now;
    }

    /** The network is banned until {@code until}: its members are covered and forgotten. */
    public void banNetwork(long until) {
        networkBannedUntil = until;
        bannedUntil.clear(); // the network ban covers them; a new round starts after it
    }

    public void networkUnbanned() {
        networkBannedUntil = MemberChange.ENDED;
    }

    /**
     * Records a member's ban (unless it ended already: read again after a restart) and forgets members whose bans
     * ended by {@code now}; returns how many members are banned now.
     */
    public int ban(String ip, long until, long now) {
        bannedUntil.values().removeIf(end -> ended(end, now));
        if (!ended(until, now)) {
            bannedUntil.put(ip, until);
        }
        return bannedUntil.size();
    }

    private static boolean ended(long until, long now) {
        return until != OffenderState.PERMANENT && until <= now;
    }

    public void unban(String ip) {
        bannedUntil.remove(ip);
    }

    public Iterable<String> members() {
        return bannedUntil.keySet();
    }

    /** Nothing left to remember: the store entry can go. */
    public boolean isEmpty() {
        return bannedUntil.isEmpty() && networkBannedUntil == MemberChange.ENDED;
    }

    /** The store's value serde: a version byte, the network's ban end, then (address, ban end) pairs. */
    public static Serde<NetworkMembers> serde() {
        return new MembersSerde();
    }

    private static final class MembersSerde implements Serde<NetworkMembers> {
        @Override
        public Serializer<NetworkMembers> serializer() {
            return (topic, members) -> members == null ? null : encode(members);
        }

        @Override
        public Deserializer<NetworkMembers> deserializer() {
            return (topic, bytes) -> bytes == null ? null : decode(bytes);
        }

        private static byte[] encode(NetworkMembers members) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION);
                out.writeLong(members.networkBannedUntil);
                out.writeShort(members.bannedUntil.size());
                for (Map.Entry<String, Long> member : members.bannedUntil.entrySet()) {
                    out.writeUTF(member.getKey());
                    out.writeLong(member.getValue());
                }
            } catch (IOException e) {
                throw new SerializationException("cannot encode network members", e);
            }
            return bytes.toByteArray();
        }

        private static NetworkMembers decode(byte[] bytes) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                byte version = in.readByte();
                if (version != VERSION) {
                    throw new SerializationException("unknown network members version " + version);
                }
                long networkUntil = in.readLong();
                int count = in.readUnsignedShort();
                Map<String, Long> members = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    members.put(in.readUTF(), in.readLong());
                }
                return new NetworkMembers(members, networkUntil);
            } catch (IOException e) {
                throw new SerializationException("corrupt network members (" + bytes.length + " bytes)", e);
            }
        }
    }
}
