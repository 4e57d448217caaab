package io.fleetban.enforcer.consume;

import io.fleetban.enforcer.backend.CommandResult;
import io.fleetban.enforcer.backend.CommandRunner;
import io.fleetban.enforcer.backend.FirewallException;
import io.fleetban.fail2ban.value.IpAddress;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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

    private ProtectedAddresses() {}

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
     * The addresses of the network namespace the firewall commands run in, from {@code ip -o addr show} run through
     * {@code runner}: the same as {@link #ofThisHost()} in production, the namespace's own when the enforcer drives
     * a namespace (tests, the benchmark). A failure is logged; {@link #ofThisHost()} still applies.
     */
    public static Set<InetAddress> ofFirewallNamespace(CommandRunner runner) {
        final Set<InetAddress> addresses = new HashSet<>();
        try {
            final CommandResult result = runner.runChecked(List.of("ip", "-o", "addr", "show"), "");
            for (String line : result.stdout().lines().toList()) {
                parseAddressLine(line).ifPresent(addresses::add);
            }
        } catch (FirewallException e) {
            LOG.warn("cannot list the firewall namespace's addresses, protecting this JVM's only: {}", e.getMessage());
        }
        return addresses;
    }

    /** "2: eth0    inet 198.51.100.10/24 brd ... scope global eth0" gives 198.51.100.10. */
    static Optional<InetAddress> parseAddressLine(String line) {
        final List<String> tokens = List.of(line.trim().split("\\s+"));
        final int family = Math.max(tokens.indexOf("inet"), tokens.indexOf("inet6"));
        if (family < 0 || family + 1 >= tokens.size()) {
            return Optional.empty();
        }
        final String address = tokens.get(family + 1).split("/", 2)[0];
        try {
            return Optional.of(IpAddress.parse(address).address());
        } catch (IllegalArgumentException e) {
            LOG.warn("unexpected address in ip output skipped: {}", line);
            return Optional.empty();
        }
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
