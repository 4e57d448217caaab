package io.fleetban.enforcer.backend;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The firewall's state as the enforcer's last drift check saw it: an immutable snapshot, safe to hand to another
 * thread ({@code /health}, a status publisher).
 *
 * @param healthy       the last check (and any repair it needed) succeeded; false answers {@code /health} with 503
 * @param jumpPresent   the input hook leads into fleetban's rules (iptables: the jump from INPUT; nftables: the
 *                      table's hooked chain), found or put back by the last check; false when that check failed
 *                      (unknown then); true for backends with nothing to check (command, dry-run)
 * @param checkedAt     when the last check ran; empty before the first
 * @param lastRepairAt  when something was last put back
 * @param lastRepaired  what was put back then ({@link DriftCheck.Part#label()}s, e.g. "jump", "set")
 * @param repairs       repairs since start
 * @param error         why the last check or repair failed (a tool missing, the kernel refusing); empty when healthy
 */
public record FirewallHealth(
        boolean healthy,
        boolean jumpPresent,
        Optional<Instant> checkedAt,
        Optional<Instant> lastRepairAt,
        List<String> lastRepaired,
        long repairs,
        Optional<String> error) {

    /** Before the first check: the backend's init just built everything. */
    public static final FirewallHealth STARTED =
            new FirewallHealth(true, true, Optional.empty(), Optional.empty(), List.of(), 0, Optional.empty());

    public FirewallHealth {
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(lastRepairAt, "lastRepairAt");
        Objects.requireNonNull(error, "error");
        lastRepaired = List.copyOf(lastRepaired);
    }

    /** After a successful check at {@code now} that made {@code check}'s repairs. */
    public FirewallHealth checked(Instant now, DriftCheck check) {
        if (!check.drifted()) {
            return new FirewallHealth(
                    true, true, Optional.of(now), lastRepairAt, lastRepaired, repairs, Optional.empty());
        }
        return new FirewallHealth(
                true,
                true,
                Optional.of(now),
                Optional.of(now),
                check.repairs().stream().map(r -> r.what().label()).distinct().toList(),
                repairs + check.repairs().size(),
                Optional.empty());
    }

    /** After a check or repair at {@code now} that failed with {@code why}. */
    public FirewallHealth failed(Instant now, String why) {
        return new FirewallHealth(
                false, false, Optional.of(now), lastRepairAt, lastRepaired, repairs, Optional.of(why));
    }
}
