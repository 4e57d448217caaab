package io.fleetban.coordinator.topology;

import io.fleetban.avro.BanSource;
import io.fleetban.avro.UnbanReason;
import io.fleetban.fail2ban.value.BanTargetRule;
import java.util.ArrayList;
import java.util.List;

/** Writes down what the topology reports to the metrics, one line per event, in order. */
final class RecordingEvents implements DecisionEvents {

    final List<String> events = new ArrayList<>();

    @Override
    public void banned(String jail, BanSource source) {
        events.add("banned " + jail + " " + source);
    }

    @Override
    public void unbanned(String jail, UnbanReason reason) {
        events.add("unbanned " + jail + " " + reason);
    }

    @Override
    public void skipped(SkipReason reason) {
        events.add("skipped " + reason);
    }

    @Override
    public void notCounted(String jail, NotCounted why) {
        events.add("not counted " + jail + " " + why);
    }

    @Override
    public void clockSkewed(String jail, String hostId, long aheadMillis) {
        events.add("clock skewed " + jail + " " + hostId + " " + aheadMillis);
    }

    @Override
    public void refused(RefusedRecord record, BanTargetRule.Reason reason) {
        events.add("refused " + record + " " + reason);
    }

    @Override
    public void safetyValveTripped(String jail) {
        events.add("safety valve tripped " + jail);
    }
}
