package io.fleetban.demo;

import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.fail2ban.value.IpRange;
import java.net.InetAddress;
import java.util.List;

/**
 * Decides which address a request came from. {@code X-Forwarded-For} is believed only when the TCP peer is a
 * configured proxy, and then only up to the first hop that is not a trusted proxy (read right to left), since
 * everything left of that hop was written by the client itself. The seed tutorial trusts the header from anyone,
 * which lets an attacker put any address, even an innocent one, in the log line fail2ban bans.
 */
final class ClientAddressResolver {

    private final List<IpRange> trustedProxies;

    ClientAddressResolver(List<IpRange> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** The client address to log for a request from {@code peer} carrying {@code forwardedFor} (may be null). */
    String resolve(InetAddress peer, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer)) {
            return peer.getHostAddress();
        }
        final String[] hops = forwardedFor.split(",");
        InetAddress client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            final InetAddress hop;
            try {
                hop = IpAddress.parse(hops[i].strip()).address();
            } catch (IllegalArgumentException e) {
                // A malformed hop ends what we can believe: the last address we could verify is the client.
                break;
            }
            client = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return client.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }
}
