package io.fleetban.coordinator.query;

import io.fleetban.coordinator.hosts.HostsReport;

/**
 * The questions the query API answers, one method per endpoint. {@code localOnly} restricts an answer to this
 * instance's share (what instances ask each other for).
 */
public interface JailQueries {

    /** {@code GET /jails/{jail}/status}; throws {@link UnknownJailException} or {@link QueryUnavailableException}. */
    JailStatus status(String jail, boolean localOnly);

    /** {@code GET /bans}; throws {@link QueryUnavailableException}. */
    BansAnswer bans(boolean localOnly);

    /**
     * {@code GET /jails/{jail}/ips/{ip}}: asked of the instance that holds the IP (forwarded there unless
     * {@code localOnly}); throws {@link UnknownJailException}, {@link QueryUnavailableException}, or
     * {@link InvalidQueryException} for a text that is not an IP.
     */
    OffenderView offender(String jail, String ip, boolean localOnly);

    /** {@code GET /jails/{jail}}; throws {@link UnknownJailException}. */
    JailInfo jail(String jail);

    /**
     * {@code GET /hosts}: every enforcer's state against the fleet's (any instance answers alone, from global
     * stores); throws {@link QueryUnavailableException}.
     */
    default HostsReport hosts() {
        throw new QueryUnavailableException("this coordinator does not report hosts", null);
    }
}
