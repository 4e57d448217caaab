package io.fleetban.coordinator.hosts;

import java.util.Locale;

/** One host's enforcement, worst first: what {@code fleetban client hosts} prints and the metrics count. */
public enum HostState {
    /** Silent for three of its status intervals: stopped, cut off, or its enforcer died. */
    MISSING,
    /** Its last firewall commit or reconcile failed and has not been repaired yet. */
    UNHEALTHY,
    /** Has not applied every decision committed a while before its last status. */
    LAGGING,
    /** Caught up, but its ban set differs from active-bans (a ban it refused, e.g. its own address, or drift). */
    DIFFERS,
    /**
     * Applied every decision committed a while before its last status (or this instance, started since, cannot
     * tell); newer ones are not confirmed yet.
     */
    KEEPING_UP,
    /** Caught up, and its ban set equals the fleet's. */
    IN_SYNC;

    /** {@code IN_SYNC} -> {@code in-sync}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
