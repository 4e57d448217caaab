package io.fleetban.enforcer.consume;

import io.fleetban.enforcer.EnforcerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports every decision the firewall applied: the apply-latency metric, and one log line per decision (as fail2ban
 * logs {@code Ban <ip>} per ban) with the jail, the address, the coordinator's decision id and three wall-clock
 * instants: when the coordinator decided, when this host's consumer polled the record, when the backend's commit
 * returned (the entry is in the kernel). On one clock, these lines from every host split the fleet's ban latency
 * into stages (polled minus decided: coordinator and broker; applied minus polled: this host's firewall).
 *
 * <pre>applied ban jail=sshd ip=203.0.113.7 decision=d-42 decided=...Z polled=...Z applied=...Z</pre>
 */
public final class AppliedDecisionLog {

    private static final Logger LOG = LoggerFactory.getLogger(AppliedDecisionLog.class);
    private final EnforcerMetrics metrics;
    private final Consumer<String> lines;
    private final BooleanSupplier logging;

    /** Logs at INFO (logger {@code io.fleetban.enforcer.consume.AppliedDecisionLog}). */
    public AppliedDecisionLog(EnforcerMetrics metrics) {
        this(metrics, LOG::info, LOG::isInfoEnabled);
    }

    /** Hands each line to {@code lines} (tests). */
    AppliedDecisionLog(EnforcerMetrics metrics, Consumer<String> lines) {
        this(metrics, lines, () -> true);
    }

    /** Hands each line to {@code lines} while {@code logging} says so. */
    AppliedDecisionLog(EnforcerMetrics metrics, Consumer<String> lines, BooleanSupplier logging) {
        this.metrics = metrics;
        this.lines = lines;
        this.logging = logging;
    }

    /** The decisions of one successful commit: polled together at {@code polledAt}, in the kernel at {@code appliedAt}. */
    public void applied(List<Decision> decisions, Instant polledAt, Instant appliedAt) {
        // The line formats three instants: not built at all when its level is off.
        final boolean logged = logging.getAsBoolean();
        for (Decision decision : decisions) {
            metrics.applied(Duration.between(decision.decidedAt(), appliedAt));
            if (logged) {
                lines.accept(line(decision, polledAt, appliedAt));
            }
        }
    }

    /** The log line of one applied decision. */
    static String line(Decision decision, Instant polledAt, Instant appliedAt) {
        return "applied " + (decision instanceof Decision.Banned ? "ban" : "unban") + " jail="
                + decision.key().jail()
                + " ip=" + decision.key().entryText() + " decision="
                + decision.decisionId().replace(' ', '_')
                + " decided=" + decision.decidedAt() + " polled=" + polledAt + " applied=" + appliedAt;
    }
}
