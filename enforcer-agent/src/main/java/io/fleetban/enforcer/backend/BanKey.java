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
     * The entry as ipset and nft print it (and as decisions carry it): the bare address for a host (/32, /128),
     * "network/len" for a prefix, IPv6 in RFC 5952 form.
     */
    public String entryText() {
        return target.banTarget();
    }

    @Override
    public String toString() {
        return jail + "/" + entryText();
    }
}
