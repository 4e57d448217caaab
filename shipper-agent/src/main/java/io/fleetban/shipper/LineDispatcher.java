package io.fleetban.shipper;

import io.fleetban.avro.Offense;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.publish.OffenseFactory;
import io.fleetban.shipper.publish.OffensePublisher;
import io.fleetban.shipper.tail.FileCursor;
import io.fleetban.shipper.tail.LineSink;
import io.fleetban.shipper.tail.LogLine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each tailed line to every jail watching its file (two jails may share a log, as sshd and sshd-ddos do),
 * counts the filter's verdict and publishes each failure as an offense ({@link JailDispatch}); a published line is
 * held in its file's checkpoint until the broker acknowledged the offense.
 */
final class LineDispatcher implements LineSink {

    private static final Logger log = LoggerFactory.getLogger(LineDispatcher.class);

    private final List<TailedJail> jails;
    private final Map<String, JailCounters> counters = new LinkedHashMap<>();
    private final Map<Path, List<JailOnFile>> jailsByFile = new HashMap<>();
    private final OffenseFactory offenses;
    private final OffensePublisher publisher;
    private final Clock clock;
    /** Jails already warned that their log names hosts: one warning each, the metric counts the rest. */
    private final Set<String> warnedHostnames = new HashSet<>();

    /** One jail's filter instance for one log file, with the jail's counters, and the jail's findtime. */
    private record JailOnFile(JailDispatch dispatch, Duration findTime) {
        String jail() {
            return dispatch.jail();
        }
    }

    LineDispatcher(List<TailedJail> jails, OffenseFactory offenses, OffensePublisher publisher) {
        this(jails, offenses, publisher, Clock.systemUTC());
    }

    /** @param clock the time a first start's findtime counts back from */
    LineDispatcher(List<TailedJail> jails, OffenseFactory offenses, OffensePublisher publisher, Clock clock) {
        this.jails = List.copyOf(jails);
        this.offenses = offenses;
        this.publisher = publisher;
        this.clock = clock;
        this.jails.forEach(jail -> counters.put(jail.name(), new JailCounters()));
    }

    /** The counters of each jail, by jail name. */
    Map<String, JailCounters> counters() {
        return Map.copyOf(counters);
    }

    /** Adds counters for a jail that reads no file (a journal jail), so {@link #counters()} shows it too. */
    void addCounters(String jail) {
        counters.putIfAbsent(jail, new JailCounters());
    }

    /** The counters of {@code jail}. */
    JailCounters countersOf(String jail) {
        return counters.get(jail);
    }

    /** Compiles the filters for {@code file} now rather than on its first line, which may be an attack's first. */
    void prepare(Path file) {
        jailsFor(file);
    }

    @Override
    public void accept(LogLine line) {
        for (JailOnFile jail : jailsFor(line.source().path())) {
            JailDispatch dispatch = jail.dispatch();
            MatchResult result =
                    dispatch.match(line.text(), () -> line.source().path() + " at offset " + line.offset());
            if (result instanceof MatchResult.Failure failure) {
                if (line.startupBacklog()
                        && failure.time().isBefore(clock.instant().minus(jail.findTime()))) {
                    // fail2ban at start: "Ignore line since time ... < now - findtime"; the coordinator would too.
                    dispatch.counts().lineBeforeFindTime();
                } else {
                    publish(dispatch, line, failure);
                }
            } else if (result instanceof MatchResult.Missed missed
                    && MatchResult.Missed.UNRESOLVED_HOST.equals(missed.reason())) {
                dispatch.counts().lineWithHostname();
                warnHostnameOnce(jail.jail(), missed, line);
            } else {
                dispatch.countUnpublished(result);
                if (result instanceof MatchResult.Missed missed
                        && MatchResult.Missed.INVALID_ADDRESS.equals(missed.reason())) {
                    log.debug(
                            "jail={} invalid address {} in {} at offset {}",
                            jail.jail(),
                            missed.capturedHost().orElse("?"),
                            line.source().path(),
                            line.offset());
                }
            }
        }
    }

    /**
     * fleetban bans addresses and resolves no names (a name's DNS answer is the attacker's to choose): a log that
     * names hosts (sshd with {@code UseDNS yes}) bans nobody. Said once per jail, loudly; the metric counts them all.
     */
    private void warnHostnameOnce(String jail, MatchResult.Missed missed, LogLine line) {
        if (warnedHostnames.add(jail)) {
            log.warn(
                    "jail={} the failregex captured a host name ({}) instead of an address in {} at offset {}: "
                            + "fleetban resolves no names, such lines ban nobody (counted in {}); make the service log "
                            + "addresses (sshd: UseDNS no)",
                    jail,
                    missed.capturedHost().orElse("?"),
                    line.source().path(),
                    line.offset(),
                    "fleetban_shipper_lines_hostname_total");
        }
    }

    private void publish(JailDispatch dispatch, LogLine line, MatchResult.Failure failure) {
        Offense offense = offenses.create(dispatch.jail(), line, failure.ip(), failure.time());
        line.hold();
        // Only the cursor and offset, not the line: see JailDispatch#publish.
        FileCursor cursor = line.source();
        long lineOffset = line.offset();
        dispatch.publish(offense, () -> cursor.release(lineOffset), () -> cursor.path() + " at offset " + lineOffset);
    }

    private List<JailOnFile> jailsFor(Path file) {
        return jailsByFile.computeIfAbsent(
                file,
                f -> jails.stream()
                        .filter(jail -> jail.watches(f))
                        .map(jail -> new JailOnFile(
                                new JailDispatch(
                                        jail.name(), jail.filterFactory().get(), counters.get(jail.name()), publisher),
                                jail.window().findTime()))
                        .toList());
    }
}
