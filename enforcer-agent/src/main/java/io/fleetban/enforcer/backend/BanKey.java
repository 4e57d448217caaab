package io.fleetban.enforcer.backend;

import io.fleetban.fail2ban.value.IpRange;
import java.util.Objects;

/**
 * What a firewall entry is about: one jail and one validated address or prefix. Two decisions for the same
 * key are ordered by their decision time; the firewall holds at most one entry per key.
 */
public record BanKey(String jail, IpRange target) {

    public BanKey {
        Objects.requireNonNull(jail, "jail");
        Objects.requireNonNull(target, "target");
    }

    public IpFamily family() {
        return IpFamily.of(target.isV6());
    }

    /**
     * The entry as ipset and nft print it: the bare address for a host (/32, /128), "network/len" for a prefix.
     * Comparing with kernel output relies on this single spelling.
     */
    public String entryText() {
        final int hostLength = target.isV6() ? 128 : 32;
        final String address = target.network().getHostAddress();
        return target.prefixLength() == hostLength ? address : address + "/" + target.prefixLength();
    }

    @Override
    public String toString() {
        return jail + "/" + entryText();
    }
}
