package io.fleetban.enforcer.consume;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up, once at start, the addresses a ban must never cover: this host's own (every interface) and the
 * Kafka brokers' (from {@code bootstrap.servers}). Banning either would cut the enforcer off from the decisions
 * that could lift the ban.
 */
public final class ProtectedAddresses {

    private static final Logger LOG = LoggerFactory.getLogger(ProtectedAddresses.class);

    private ProtectedAddresses() {
    }

    /** Every address of every interface of this host (in the enforcer's network namespace). */
    public static Set<InetAddress> ofThisHost() {
        final Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    addresses.add(withoutScope(address));
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list this host's addresses: " + e.getMessage(), e);
        }
        return addresses;
    }

    /**
     * The resolved addresses of {@code host:port,[v6]:port,...}. A broker name that does not resolve now is
     * logged; its address cannot be protected until the next start.
     */
    public static Set<InetAddress> ofBrokers(String bootstrapServers) {
        final Set<InetAddress> addresses = new HashSet<>();
        for (String server : bootstrapServers.split(",")) {
            final String host = hostOf(server.strip());
            if (host.isEmpty()) {
                continue;
            }
            try {
                for (InetAddress address : InetAddress.getAllByName(host)) {
                    addresses.add(withoutScope(address));
                }
            } catch (UnknownHostException e) {
                LOG.warn("broker host {} does not resolve; its address is not protected from bans", host);
            }
        }
        return addresses;
    }

    /** "host:9092" gives "host", "[2001:db8::1]:9092" gives "2001:db8::1". */
    static String hostOf(String server) {
        if (server.startsWith("[")) {
            final int end = server.indexOf(']');
            return end < 0 ? server.substring(1) : server.substring(1, end);
        }
        final int colon = server.lastIndexOf(':');
        return colon < 0 ? server : server.substring(0, colon);
    }

    /** Scope ids (fe80::1%eth0) are dropped so addresses compare by their bytes only. */
    private static InetAddress withoutScope(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }
}
