package io.fleetban.coordinator.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link ActiveBanEntry} for the active-bans store (internal; bans are rare, so plain
 * {@link DataOutputStream} fields are fast enough): a version byte, then the fields in declaration order, strings as
 * modified UTF-8, hosts as a count followed by the names.
 */
public final class ActiveBanEntrySerde implements Serde<ActiveBanEntry> {

    static final byte VERSION = 1;

    public static byte[] encode(ActiveBanEntry entry) {
        if (entry == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(entry.jail());
            out.writeUTF(entry.ip());
            out.writeUTF(entry.decisionId());
            out.writeUTF(entry.source());
            out.writeUTF(entry.reason());
            out.writeUTF(entry.actor());
            out.writeLong(entry.bannedAt());
            out.writeLong(entry.expiresAt());
            out.writeInt(entry.failures());
            out.writeShort(entry.hosts().size());
            for (String host : entry.hosts()) {
                out.writeUTF(host);
            }
            out.writeInt(entry.banCount());
        } catch (IOException e) {
            throw new SerializationException("cannot encode active ban " + entry.jail() + "/" + entry.ip(), e);
        }
        return bytes.toByteArray();
    }

    public static ActiveBanEntry decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown active ban version " + version);
            }
            String jail = in.readUTF();
            String ip = in.readUTF();
            String decisionId = in.readUTF();
            String source = in.readUTF();
            String reason = in.readUTF();
            String actor = in.readUTF();
            long bannedAt = in.readLong();
            long expiresAt = in.readLong();
            int failures = in.readInt();
            int hostCount = in.readUnsignedShort();
            List<String> hosts = new ArrayList<>(hostCount);
            for (int i = 0; i < hostCount; i++) {
                hosts.add(in.readUTF());
            }
            int banCount = in.readInt();
            return new ActiveBanEntry(
                    jail, ip, decisionId, source, reason, actor, bannedAt, expiresAt, failures, hosts, banCount);
        } catch (IOException e) {
            throw new SerializationException("corrupt active ban entry (" + bytes.length + " bytes)", e);
        }
    }

    @Override
    public Serializer<ActiveBanEntry> serializer() {
        return (topic, entry) -> encode(entry);
    }

    @Override
    public Deserializer<ActiveBanEntry> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }
}
