package io.fleetban.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One measured ban on the machine's one wall clock (every process reads the same CLOCK_REALTIME): when the
 * crossing line was appended, when the shipper handed its offense to the producer (the record's CreateTime, ms),
 * when that offense became readable, when the coordinator produced the ban (the ban record's CreateTime, ms), when
 * the ban became readable to a read_committed consumer (the transaction committed), and per host when its enforcer
 * polled the ban and when its firewall commit returned. A missing instant means that stage was not seen in time.
 */
record BenchLatencyTimeline(
        String ip,
        Instant appended,
        Optional<Instant> offenseSent,
        Optional<Instant> offenseReadable,
        Optional<Instant> banProduced,
        Optional<Instant> banReadable,
        Map<String, Instant> polled,
        Map<String, Instant> applied) {

    /** The stages, in the order they are printed; {@code PER_HOST} stages get one sample per host. */
    enum Stage {
        LINE_TO_OFFENSE_SENT("line appended -> offense sent (shipper: detect, filter)"),
        OFFENSE_SENT_TO_READABLE("offense sent -> offense readable (produce acks=all)"),
        LINE_TO_OFFENSE_READABLE("line appended -> offense readable (shipper total)"),
        OFFENSE_TO_BAN_PRODUCED("offense readable -> ban produced (coordinator: poll, process)"),
        BAN_PRODUCED_TO_READABLE("ban produced -> ban readable (coordinator: transaction commit)"),
        OFFENSE_TO_BAN_READABLE("offense readable -> ban readable (coordinator total)"),
        BAN_READABLE_TO_POLLED("ban readable -> polled, each host (enforcer fetch)"),
        POLLED_TO_APPLIED("polled -> applied, each host (enforcer: firewall commit)"),
        BAN_READABLE_TO_APPLIED("ban readable -> applied, each host (enforcer total)"),
        BAN_READABLE_TO_LAST_APPLIED("ban readable -> applied on the last host"),
        LINE_TO_APPLIED("line appended -> applied, each host"),
        LINE_TO_LAST_APPLIED("line appended -> applied on EVERY host (end to end)");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** True when every host applied the ban. */
    boolean complete(int hosts) {
        return applied.size() == hosts;
    }

    /** Adds this ban's durations, in milliseconds, to {@code stats}; stages with a missing end are left out. */
    void addTo(BenchLatencyStats stats, int hosts) {
        offenseSent.ifPresent(sent -> stats.add(Stage.LINE_TO_OFFENSE_SENT, millis(appended, sent)));
        both(offenseSent, offenseReadable, Stage.OFFENSE_SENT_TO_READABLE, stats);
        offenseReadable.ifPresent(readable -> stats.add(Stage.LINE_TO_OFFENSE_READABLE, millis(appended, readable)));
        both(offenseReadable, banProduced, Stage.OFFENSE_TO_BAN_PRODUCED, stats);
        both(banProduced, banReadable, Stage.BAN_PRODUCED_TO_READABLE, stats);
        both(offenseReadable, banReadable, Stage.OFFENSE_TO_BAN_READABLE, stats);
        for (Map.Entry<String, Instant> host : applied.entrySet()) {
            Optional<Instant> polledAt = Optional.ofNullable(polled.get(host.getKey()));
            both(banReadable, polledAt, Stage.BAN_READABLE_TO_POLLED, stats);
            both(polledAt, Optional.of(host.getValue()), Stage.POLLED_TO_APPLIED, stats);
            both(banReadable, Optional.of(host.getValue()), Stage.BAN_READABLE_TO_APPLIED, stats);
            stats.add(Stage.LINE_TO_APPLIED, millis(appended, host.getValue()));
        }
        if (complete(hosts)) {
            Instant last = applied.values().stream().max(Instant::compareTo).orElseThrow();
            both(banReadable, Optional.of(last), Stage.BAN_READABLE_TO_LAST_APPLIED, stats);
            stats.add(Stage.LINE_TO_LAST_APPLIED, millis(appended, last));
        }
    }

    private static void both(Optional<Instant> from, Optional<Instant> to, Stage stage, BenchLatencyStats stats) {
        if (from.isPresent() && to.isPresent()) {
            stats.add(stage, millis(from.get(), to.get()));
        }
    }

    /** Milliseconds from {@code from} to {@code to}, to the microsecond; negative when {@code to} came first. */
    static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
