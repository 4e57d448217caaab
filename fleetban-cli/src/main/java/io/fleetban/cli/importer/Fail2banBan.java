package io.fleetban.cli.importer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One ban as fail2ban's database keeps it.
 *
 * @param jail           the jail
 * @param ip             the address as fail2ban stored it
 * @param timeOfBan      when it was banned
 * @param banTimeSeconds its ban time: seconds, {@value #PERMANENT} for permanent, {@value #UNKNOWN} when fail2ban
 *                       did not record it (rows carried over from databases older than version 3)
 * @param banCount       how often fail2ban has banned it
 */
public record Fail2banBan(String jail, String ip, Instant timeOfBan, long banTimeSeconds, int banCount) {

    public static final long PERMANENT = -1;
    public static final long UNKNOWN = -2;

    public Fail2banBan {
        Objects.requireNonNull(jail, "jail");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(timeOfBan, "timeOfBan");
    }

    /** Whether fail2ban still enforces it at {@code now}: the same test as fail2ban's own restore at start. */
    public boolean inEffect(Instant now) {
        return banTimeSeconds <= PERMANENT
                || timeOfBan.plusSeconds(banTimeSeconds).isAfter(now);
    }

    /**
     * The ban time a fleet-wide ban made {@code now} needs to end when fail2ban's would: the remaining whole seconds
     * (at least 1), {@value #PERMANENT} for a permanent ban, or empty when fail2ban did not record it (then the
     * jail's bantime applies, as fail2ban itself does for such rows).
     */
    public Optional<Long> remainingSeconds(Instant now) {
        if (banTimeSeconds == PERMANENT || banTimeSeconds < UNKNOWN) {
            return Optional.of(PERMANENT);
        }
        if (banTimeSeconds == UNKNOWN) {
            return Optional.empty();
        }
        final long left =
                Duration.between(now, timeOfBan.plusSeconds(banTimeSeconds)).toSeconds();
        return Optional.of(Math.max(1, left));
    }
}
