package io.fleetban.coordinator.topology;

import io.fleetban.coordinator.JailRule;
import io.fleetban.coordinator.state.SafetyValveState;
import io.fleetban.fail2ban.jail.BanRate;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fleet.maxbans.rate}: stops a jail's automatic bans when they exceed the rate (a broken filter that matches
 * every line would otherwise ban the whole internet, and the enforcers would block it on every host). Periods are
 * fixed, on the coordinator's wall clock, per task. Manual commands never pass through here.
 */
final class SafetyValve {

    private static final Logger LOG = LoggerFactory.getLogger(SafetyValve.class);

    private final KeyValueStore<String, SafetyValveState> store;
    private final DecisionEvents events;

    SafetyValve(KeyValueStore<String, SafetyValveState> store, DecisionEvents events) {
        this.store = store;
        this.events = events;
    }

    /** Whether one more automatic ban is allowed now; counts it when it is, trips the valve when it is not. */
    boolean admitAutomaticBan(JailRule rule, long now) {
        Optional<BanRate> rate = rule.policy().fleet().maxBansRate();
        if (rate.isEmpty()) {
            return true;
        }
        SafetyValveState state = current(rule.name());
        if (state.tripped()) {
            return false;
        }
        long period = rate.get().period().toMillis();
        if (state.bansInPeriod() == 0 || now - state.periodStart() >= period) {
            state = new SafetyValveState(now, 0, false, state.trips());
        }
        if (state.bansInPeriod() >= rate.get().maxBans()) {
            store.put(
                    rule.name(),
                    new SafetyValveState(state.periodStart(), state.bansInPeriod(), true, state.trips() + 1));
            events.safetyValveTripped(rule.name());
            // Logged once per trip: every refused ban after this returns above without a line.
            LOG.error(
                    "safety valve: jail={} exceeded fleet.maxbans.rate {}/{} s; automatic banning stopped in this "
                            + "task until an operator runs 'fleetban client resume {}' (manual commands still work)",
                    rule.name(),
                    rate.get().maxBans(),
                    rate.get().period().toSeconds(),
                    rule.name());
            return false;
        }
        store.put(
                rule.name(), new SafetyValveState(state.periodStart(), state.bansInPeriod() + 1, false, state.trips()));
        return true;
    }

    /** The operator's resume: automatic banning starts again with a fresh period. Returns whether it was tripped. */
    boolean resume(String jail, String actor) {
        SafetyValveState state = store.get(jail);
        if (state == null || !state.tripped()) {
            return false;
        }
        LOG.warn("safety valve: jail={} resumed by {}; automatic banning starts again", jail, actor);
        store.put(jail, new SafetyValveState(0, 0, false, state.trips()));
        return true;
    }

    private SafetyValveState current(String jail) {
        SafetyValveState state = store.get(jail);
        return state == null ? SafetyValveState.CLOSED : state;
    }
}
