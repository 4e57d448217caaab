package io.fleetban.enforcer.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An active ban as a firewall applies it.
 *
 * @param key       jail and address
 * @param expiresAt end of the ban; empty = permanent (fail2ban {@code bantime = -1})
 */
public record Ban(BanKey key, Optional<Instant> expiresAt) {

    public Ban {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt.map(end -> !end.isAfter(now)).orElse(false);
    }

    /**
     * Seconds left, rounded up so an entry never expires before the decision says, capped at {@code maxSeconds}
     * (the kernel's limit); 0 means permanent, as ipset's and nft's {@code timeout 0} do.
     * A cap shorter than the ban is harmless: the periodic reconcile re-adds the entry.
     */
    public long remainingSeconds(Instant now, long maxSeconds) {
        if (expiresAt.isEmpty()) {
            return 0;
        }
        final long millis = Duration.between(now, expiresAt.get()).toMillis();
        final long seconds = Math.max(1, (millis + 999) / 1000);
        return Math.min(seconds, maxSeconds);
    }
}
