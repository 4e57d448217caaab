package io.fleetban.coordinator.hosts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fleetban_coordinator_hosts{state}} (missing, unhealthy, lagging, differs, keeping-up, in-sync) and
 * {@code fleetban_coordinator_hosts_total}, computed at scrape time from one {@link HostsReport} per second at most
 * (one scrape reads five gauges). No host label: a fleet has too many; {@code fleetban client hosts} names them.
 */
public final class HostsGauges {

    /** Hosts by state. */
    public static final String HOSTS = "fleetban.coordinator.hosts";
    /** Every host that ever published a status (and is still in the compacted topic). */
    public static final String HOSTS_TOTAL = "fleetban.coordinator.hosts.known";

    private static final Logger LOG = LoggerFactory.getLogger(HostsGauges.class);
    private static final long REFRESH_MS = 1000;

    private final Supplier<HostsReport> reports;
    private HostsReport last;
    private long lastAt = Long.MIN_VALUE;

    private HostsGauges(Supplier<HostsReport> reports) {
        this.reports = reports;
    }

    /** Registers the gauges in {@code registry}. */
    public static HostsGauges bind(MeterRegistry registry, Supplier<HostsReport> reports) {
        HostsGauges gauges = new HostsGauges(reports);
        for (HostState state : HostState.values()) {
            Gauge.builder(HOSTS, () -> gauges.count(state))
                    .tag("state", state.label())
                    .register(registry);
        }
        Gauge.builder(HOSTS_TOTAL, gauges::total).register(registry);
        return gauges;
    }

    private synchronized HostsReport report() {
        long now = System.currentTimeMillis();
        if (last == null || now - lastAt >= REFRESH_MS) {
            try {
                last = reports.get();
            } catch (RuntimeException e) {
                LOG.debug("hosts report unavailable for the metrics: {}", e.toString());
                return null;
            } finally {
                lastAt = now;
            }
        }
        return last;
    }

    private double count(HostState state) {
        HostsReport report = report();
        return report == null
                ? Double.NaN
                : report.hosts().stream()
                        .filter(h -> h.state().equals(state.label()))
                        .count();
    }

    private double total() {
        HostsReport report = report();
        return report == null ? Double.NaN : report.hosts().size();
    }
}
