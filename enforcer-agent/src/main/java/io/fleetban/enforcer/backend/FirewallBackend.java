package io.fleetban.enforcer.backend;

import java.util.List;
import java.util.Set;

/**
 * One local firewall, as cs-firewall-bouncer's Backend: {@code add}/{@code remove} only buffer, {@code commit}
 * applies the whole buffer in one call (deletes before adds) and always empties it. A backend owns its own
 * sets, chains or tables and never touches anything it did not create.
 *
 * <p>Not thread-safe: the enforcer calls it from its decision thread only.
 */
public interface FirewallBackend {

    /** Short name for logs and metrics ("ipset", "dry-run"). */
    String name();

    /** Creates fleetban's sets and rules for these jails; safe to call again after a crash (idempotent). */
    void init(List<EnforcedJail> jails) throws FirewallException;

    /** Buffers a ban; a ban already present gets its remaining time refreshed. */
    void add(Ban ban);

    /** Buffers the removal of a ban; removing an absent entry is not an error. */
    void remove(BanKey key);

    /** Applies everything buffered since the last commit in one call; the buffer is empty afterwards, even on failure. */
    CommitSummary commit() throws FirewallException;

    /** The entries currently in fleetban's own sets (for reconcile); nothing outside them. */
    Set<BanKey> list() throws FirewallException;

    /**
     * Checks cheaply that what this backend owns is still in place (the jump from INPUT, its chain and rules, its
     * sets, its table) and puts back what another tool took away; called every {@code drift.check.interval}.
     * Bans are not re-added here: a set that was recreated or holds fewer entries than {@code expected} says
     * so with {@link DriftCheck#refill()}, and the caller reconciles. Backends that cannot see what they own (a
     * fail2ban action run as commands, the dry run) find nothing.
     *
     * @param expected how many bans the ban list holds for a jail and family
     * @throws FirewallException when a check or a repair cannot run (a tool missing, the kernel refusing)
     */
    default DriftCheck checkDrift(ExpectedEntries expected) throws FirewallException {
        return DriftCheck.NONE;
    }

    /**
     * Whether {@link #checkDrift} looks at anything. The decision loop wakes for drift checks only when it does: an
     * idle enforcer's wake-ups are its main cost.
     */
    default boolean checksDrift() {
        return false;
    }

    /** How many bans the ban list holds for one jail and family. */
    @FunctionalInterface
    interface ExpectedEntries {
        int of(String jail, IpFamily family);
    }

    /** Removes fleetban's rules, chains and sets, and nothing else. */
    void shutdown() throws FirewallException;
}
