package io.fleetban.enforcer.status;

import io.fleetban.avro.EnforcerStatus;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.status.BanSetDigest;
import java.util.Collection;

/**
 * A status as the decision thread saw it, everything but the ban-set digest filled in; {@link #build()} adds the
 * digest. Taking a snapshot costs the decision thread one look at its ban list; the digest sorts and hashes every
 * ban, so the status thread computes it. Handed from one thread to the other, never shared.
 *
 * @param withoutDigest the status, digest left out
 * @param bans          the bans this host held, an unmodifiable set the decision thread does not change
 */
public record StatusSnapshot(EnforcerStatus.Builder withoutDigest, Collection<BanKey> bans) {

    /** The status with the digest of {@link #bans()}. */
    public EnforcerStatus build() {
        return build(digest(bans));
    }

    /** The status with {@code digest}, the digest of {@link #bans()} computed before. */
    public EnforcerStatus build(String digest) {
        return withoutDigest.setBanCount(bans.size()).setBanSetDigest(digest).build();
    }

    /** The digest of a host's ban set, as the status carries it. */
    static String digest(Collection<BanKey> bans) {
        return BanSetDigest.of(bans.stream().map(BanKey::toString));
    }
}
