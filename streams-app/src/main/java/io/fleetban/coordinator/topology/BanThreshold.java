package io.fleetban.coordinator.topology;

import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.state.OffenderState;
import io.fleetban.fail2ban.jail.FleetPolicy;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether an offender's counted failures (all within findtime) call for an automatic ban, and why.
 *
 * <ul>
 *   <li>the fleet threshold, fail2ban's rule: at least {@code maxretry} failures, whichever hosts saw them; with
 *       {@code fleet.minhosts = N} the newest {@code maxretry} of them must also come from at least N distinct
 *       hosts (default 1: fail2ban's rule unchanged);</li>
 *   <li>the per-host threshold ({@code fleet.maxretry.perhost}, off by default): one host saw at least that many,
 *       what fail2ban on that host alone would ban; it applies even when the fleet threshold is not met.</li>
 * </ul>
 */
final class BanThreshold {

    private BanThreshold() {}

    /** The ban's reason when a threshold is crossed, else empty. */
    static Optional<String> crossed(JailRule rule, OffenderState state) {
        long findTimeSeconds = rule.policy().findTime().toSeconds();
        FleetPolicy fleet = rule.policy().fleet();
        int failures = state.failures();
        if (failures >= rule.maxRetry() && state.distinctHostsAmongNewest(rule.maxRetry()) >= fleet.minHosts()) {
            return Optional.of(failures + " failures within " + findTimeSeconds + " s from "
                    + state.distinctHosts().size() + " host(s)");
        }
        OptionalInt perHost = fleet.maxRetryPerHost();
        if (perHost.isPresent() && failures > 0) {
            String host = state.busiestHost();
            int onHost = state.failuresFrom(host);
            if (onHost >= perHost.getAsInt()) {
                return Optional.of(onHost + " failures within " + findTimeSeconds + " s on host " + host
                        + " (fleet.maxretry.perhost " + perHost.getAsInt() + ")");
            }
        }
        return Optional.empty();
    }
}
