package io.fleetban.cli.regex;

import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.filter.MatchResult.Missed;
import java.time.Instant;
import java.util.Optional;

/**
 * A line whose failregex matched and captured a host that is no IP address ({@code example.com}, {@code localhost},
 * {@code 192.030.0.6}, a non-address {@code <F-ID>}). fail2ban-regex reports it as a match with that host, so
 * {@code fleetban regex} does too; the shipper never bans it, because fleetban does not resolve DNS (a log line must
 * not be able to choose, through a name it writes, which address the fleet blocks) and bans only addresses.
 *
 * @param host the text the failregex captured
 * @param time the line's time, when it had one
 * @param why  why the shipper does not ban it, for the summary
 */
public record UnbannedHost(String host, Optional<Instant> time, String why) {

    static final String HOST_NAME = "a host name, and fleetban does not resolve DNS";
    static final String NOT_AN_ADDRESS = "not an IP address, and fleetban bans only addresses";

    /** The host of a match the engine refused to turn into an offense, or empty for any other result. */
    public static Optional<UnbannedHost> of(MatchResult result) {
        if (!(result instanceof Missed miss) || miss.capturedHost().isEmpty()) {
            return Optional.empty();
        }
        return switch (miss.reason()) {
            case Missed.UNRESOLVED_HOST ->
                Optional.of(new UnbannedHost(miss.capturedHost().get(), miss.time(), HOST_NAME));
            case Missed.INVALID_ADDRESS ->
                Optional.of(new UnbannedHost(miss.capturedHost().get(), miss.time(), NOT_AN_ADDRESS));
            default -> Optional.empty();
        };
    }
}
