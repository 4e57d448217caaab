package io.fleetban.shipper;

import io.fleetban.kafka.Topics;
import io.fleetban.kafka.metrics.MetricsServer;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.journal.JournalCommand;
import io.fleetban.shipper.journal.JournalCursorStore;
import io.fleetban.shipper.journal.JournalFollower;
import io.fleetban.shipper.journal.JournalPosition;
import io.fleetban.shipper.publish.OffenseFactory;
import io.fleetban.shipper.publish.OffensePublisher;
import io.fleetban.shipper.tail.AppendWatch;
import io.fleetban.shipper.tail.CheckpointStore;
import io.fleetban.shipper.tail.LogTailer;
import io.fleetban.shipper.tail.SavedPositions;
import io.fleetban.shipper.tail.StartWindow;
import io.fleetban.shipper.tail.TailCounters;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipper agent: tails every enabled jail's log files and follows the journal for {@code backend = systemd}
 * jails, runs each line or entry through the jail's filter and publishes every failure as an offense. One reader thread does the tailing, filtering and sending (sends are asynchronous);
 * the producer's I/O thread acknowledges, and the reader saves checkpoints of acknowledged positions. Each journal
 * jail has a thread of its own reading its journalctl; the reader saves the journal cursors with the checkpoints.
 */
public final class ShipperApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShipperApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ShipperConfig config;
    private final List<TailedJail> jails;
    private final OffensePublisher publisher;
    private final LineDispatcher dispatcher;
    private final CheckpointStore checkpointStore;
    private final Clock clock;
    private final JournalCursorStore journalCursorStore;
    private final List<JournalSource> journalSources;
    private final List<JournalFollower> followers = new ArrayList<>();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaClientMetrics producerMetrics;
    private MetricsServer metricsServer;
    private Map<String, String> lastSavedCursors = Map.of();
    private LogTailer tailer;
    private final AppendWatch appendWatch = AppendWatch.open();
    private Thread reader;
    private volatile boolean running;
    private final TailCounters tailCounters = new TailCounters();
    private SavedPositions lastSaved = SavedPositions.none();
    private long lastSaveNanos;
    private String lastError;

    /**
     * A {@code backend = systemd} jail as the app runs it.
     *
     * @param jail    the jail name
     * @param command journalctl with the jail's journalmatch
     * @param filter  the jail's filter (one instance: one journal stream per jail)
     */
    record JournalSource(String jail, JournalCommand command, Function<String, MatchResult> filter) {}

    /** The agent for {@code config}, with its own producer; call {@link #start()}. */
    public static ShipperApp create(ShipperConfig config) {
        FilterClock clock = FilterClock.system(config.logTimeZone());
        List<TailedJail> jails =
                config.jails().stream().map(jail -> TailedJail.of(jail, clock)).toList();
        // The registry's answers kept under state.dir: a shipper restarted during a registry outage publishes at once.
        OffensePublisher publisher = OffensePublisher.create(
                config.kafka(),
                Topics.createWithStateDir(config.kafka(), config.stateDir()),
                "fleetban-shipper-" + config.hostId());
        return new ShipperApp(config, jails, journalSources(config, clock), publisher, Clock.systemUTC());
    }

    /** The config's journal jails, each with the configured journalctl and its own compiled filter. */
    static List<JournalSource> journalSources(ShipperConfig config, FilterClock clock) {
        return config.journalJails().stream()
                .map(jail -> new JournalSource(
                        jail.name(),
                        new JournalCommand(config.journalctl(), jail.matchArguments()),
                        JailFilter.compile(jail.filter(), clock)::match))
                .toList();
    }

    /** For tests: given jails (their filters) and publisher; the config's own jails are not used. */
    ShipperApp(ShipperConfig config, List<TailedJail> jails, OffensePublisher publisher, Clock clock) {
        this(config, jails, List.of(), publisher, clock);
    }

    /** For tests: given file and journal jails and publisher; the config's own jails are not used. */
    ShipperApp(
            ShipperConfig config,
            List<TailedJail> jails,
            List<JournalSource> journals,
            OffensePublisher publisher,
            Clock clock) {
        this.config = config;
        this.jails = List.copyOf(jails);
        this.journalSources = List.copyOf(journals);
        this.publisher = publisher;
        this.dispatcher = new LineDispatcher(jails, new OffenseFactory(config.hostId(), clock), publisher, clock);
        journals.forEach(journal -> dispatcher.addCounters(journal.jail()));
        dispatcher.counters().forEach((jail, counts) -> ShipperMetrics.bindJail(metrics, jail, counts));
        ShipperMetrics.bindTail(metrics, tailCounters);
        this.producerMetrics = publisher.clientMetrics();
        producerMetrics.bindTo(metrics);
        this.checkpointStore = new CheckpointStore(config.stateDir());
        this.journalCursorStore = new JournalCursorStore(config.stateDir());
        this.clock = clock;
    }

    /** Restores checkpoints, opens the log files and starts the reader thread. */
    public synchronized void start() {
        if (reader != null) {
            throw new IllegalStateException("already started");
        }
        try {
            Files.createDirectories(config.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state.dir " + config.stateDir(), e);
        }
        SavedPositions restored = checkpointStore.loadSaved();
        tailer = new LogTailer(
                jails.stream().flatMap(jail -> jail.logPaths().stream()).toList(),
                config.tailOptions(),
                restored,
                this::startWindow,
                clock,
                tailCounters);
        tailer.tailedPaths().forEach(dispatcher::prepare);
        appendWatch.watchDirectoriesOf(tailer.tailedPaths());
        lastSaved = restored;
        // Saved at once, not one checkpoint.interval later: a shipper killed before its first save must still know
        // at its restart that it tailed these paths (and which inode), or a rotation meanwhile would lose lines.
        try {
            saveCheckpoints();
        } catch (RuntimeException e) {
            reportOnce(e);
        }
        running = true;
        // Followers first: the reader thread saves their cursors and must see the complete list.
        startJournalFollowers();
        reader = new Thread(this::readLoop, "fleetban-shipper-reader");
        reader.start();
        config.metricsListen().ifPresent(listen -> {
            metricsServer = MetricsServer.start(listen, this::scrape, this::healthy);
            log.info("Shipper metrics on http://{}/metrics", hostPort(metricsServer.address()));
        });
        warmUpProducer();
        log.info(
                "Shipper {} started: jails {}, tailing {}, following the journal for {}",
                config.hostId(),
                jails.stream().map(TailedJail::name).toList(),
                tailer.tailedPaths(),
                journalSources.stream().map(JournalSource::jail).toList());
    }

    /**
     * A first start reads back the longest findtime of the jails watching {@code file}, by that jail's dates: its
     * failures are the ones a ban may still need.
     */
    private Optional<StartWindow> startWindow(Path file) {
        return jails.stream()
                .filter(jail -> jail.watches(file))
                .map(TailedJail::window)
                .max(Comparator.comparing(StartWindow::findTime));
    }

    /** What the tailer counted: bytes read, the first start's search, rotated files recovered or not. */
    public TailCounters tailCounters() {
        return tailCounters;
    }

    /** One journalctl per journal jail, each resuming after the cursor its jail saved last. */
    private void startJournalFollowers() {
        Map<String, String> cursors = journalCursorStore.load();
        lastSavedCursors = cursors;
        OffenseFactory offenses = new OffenseFactory(config.hostId(), clock);
        for (JournalSource source : journalSources) {
            JournalDispatcher sink = new JournalDispatcher(
                    source.jail(), source.filter(), dispatcher.countersOf(source.jail()), offenses, publisher);
            JournalFollower follower = new JournalFollower(
                    source.jail(),
                    source.command(),
                    new JournalPosition(Optional.ofNullable(cursors.get(source.jail()))),
                    sink,
                    clock);
            followers.add(follower);
            follower.start();
        }
    }

    /** Connects the producer in the background: the first offense is usually the first of an attack. */
    private void warmUpProducer() {
        Thread warmUp = new Thread(
                () -> {
                    try {
                        log.info("Offenses topic has {} partitions", publisher.fetchMetadata());
                    } catch (RuntimeException e) {
                        log.warn("Cannot reach the offenses topic yet (sends will wait and retry): {}", e.toString());
                    }
                },
                "fleetban-shipper-warmup");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Per-jail counters, by jail name. */
    public Map<String, JailCounters> counters() {
        return dispatcher.counters();
    }

    /** The current metrics in the Prometheus text format, as {@code GET /metrics} serves them. */
    public String scrape() {
        return metrics.scrape();
    }

    /** Where {@code /metrics} answers (with the real port when {@code metrics.listen} asked for port 0). */
    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metricsServer).map(MetricsServer::address);
    }

    /** Up while the reader thread runs (a dead reader ships nothing: the health check must say so). */
    boolean healthy() {
        Thread current = reader;
        return running && current != null && current.isAlive();
    }

    /** Lines cut at {@code max.line.bytes} since start. */
    public long truncatedLines() {
        return tailCounters.truncatedLines();
    }

    private void readLoop() {
        while (running) {
            boolean backlog = false;
            try {
                backlog = tailer.poll(dispatcher);
                if (System.nanoTime() - lastSaveNanos
                        >= config.checkpointInterval().toNanos()) {
                    saveCheckpoints();
                }
                lastError = null;
            } catch (RuntimeException e) {
                reportOnce(e);
            }
            if (!backlog) {
                // Woken by a change in a tailed file's directory, or after the poll interval at the latest.
                appendWatch.await(config.pollInterval());
            }
        }
    }

    private void saveCheckpoints() {
        lastSaveNanos = System.nanoTime();
        // Files that appeared in new directories since the last save (glob logpaths) get watched too.
        appendWatch.watchDirectoriesOf(tailer.tailedPaths());
        SavedPositions current = tailer.saved();
        if (!current.equals(lastSaved)) {
            checkpointStore.save(current);
            lastSaved = current;
        }
        saveJournalCursors();
    }

    /** Cursors of jails that have read nothing yet keep their saved value (or stay absent: "from now"). */
    private void saveJournalCursors() {
        Map<String, String> cursors = new LinkedHashMap<>(lastSavedCursors);
        for (JournalFollower follower : followers) {
            follower.position().committedCursor().ifPresent(cursor -> cursors.put(follower.jail(), cursor));
        }
        if (!cursors.equals(lastSavedCursors)) {
            journalCursorStore.save(cursors);
            lastSavedCursors = Map.copyOf(cursors);
        }
    }

    /** A persisting failure (state.dir not writable) is logged when it starts or changes, not every 10 ms. */
    private void reportOnce(RuntimeException e) {
        String message = e.toString();
        if (!message.equals(lastError)) {
            log.error("Shipper reader loop failed, retrying: {}", message, e);
            lastError = message;
        }
    }

    /** Stops reading, waits for the broker to acknowledge what was sent, then saves the final checkpoints. */
    @Override
    public synchronized void close() {
        if (reader == null) {
            appendWatch.close();
            producerMetrics.close();
            publisher.close(CLOSE_TIMEOUT);
            return;
        }
        running = false;
        if (metricsServer != null) {
            metricsServer.close();
        }
        followers.forEach(JournalFollower::close);
        appendWatch.close();
        LockSupport.unpark(reader);
        try {
            reader.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            publisher.flush();
            saveCheckpoints();
        } finally {
            publisher.close(CLOSE_TIMEOUT);
            tailer.close();
            producerMetrics.close();
            metrics.close();
            counters().forEach((jail, counts) -> log.info("Shipper closed: jail={} {}", jail, counts));
        }
    }
}
