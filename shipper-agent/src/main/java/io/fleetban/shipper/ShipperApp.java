package io.fleetban.shipper;

import io.fleetban.kafka.Topics;
import io.fleetban.shipper.filter.FilterClock;
import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.publish.OffenseFactory;
import io.fleetban.shipper.publish.OffensePublisher;
import io.fleetban.shipper.tail.Checkpoint;
import io.fleetban.shipper.tail.CheckpointStore;
import io.fleetban.shipper.tail.LogPathGlob;
import io.fleetban.shipper.tail.LogTailer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipper agent: tails every enabled jail's log files, runs each line through the jail's filter and publishes
 * every failure as an offense. One reader thread does the tailing, filtering and sending (sends are asynchronous);
 * the producer's I/O thread acknowledges, and the reader saves checkpoints of acknowledged positions.
 */
public final class ShipperApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShipperApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ShipperConfig config;
    private final List<TailedJail> jails;
    private final OffensePublisher publisher;
    private final LineDispatcher dispatcher;
    private final CheckpointStore checkpointStore;
    private LogTailer tailer;
    private Thread reader;
    private volatile boolean running;
    private List<Checkpoint> lastSaved = List.of();
    private long lastSaveNanos;
    private String lastError;

    /** The agent for {@code config}, with its own producer; call {@link #start()}. */
    public static ShipperApp create(ShipperConfig config) {
        FilterClock clock = FilterClock.system(config.logTimeZone());
        List<TailedJail> jails = config.jails().stream()
                .map(jail -> new TailedJail(jail.name(), jail.logPaths().stream().map(LogPathGlob::of).toList(),
                        () -> JailFilter.compile(jail.filter(), clock)::match))
                .toList();
        OffensePublisher publisher = OffensePublisher.create(config.kafka(), Topics.create(config.kafka()),
                "fleetban-shipper-" + config.hostId());
        return new ShipperApp(config, jails, publisher, Clock.systemUTC());
    }

    /** For tests: given jails (their filters) and publisher; the config's own jails are not used. */
    ShipperApp(ShipperConfig config, List<TailedJail> jails, OffensePublisher publisher, Clock clock) {
        this.config = config;
        this.jails = List.copyOf(jails);
        this.publisher = publisher;
        this.dispatcher = new LineDispatcher(jails, new OffenseFactory(config.hostId(), clock), publisher);
        this.checkpointStore = new CheckpointStore(config.stateDir());
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
        List<Checkpoint> restored = checkpointStore.load();
        tailer = new LogTailer(jails.stream().flatMap(jail -> jail.logPaths().stream()).toList(),
                config.tailOptions(), restored);
        tailer.tailedPaths().forEach(dispatcher::prepare);
        lastSaved = restored;
        lastSaveNanos = System.nanoTime();
        running = true;
        reader = new Thread(this::readLoop, "fleetban-shipper-reader");
        reader.start();
        warmUpProducer();
        log.info("Shipper {} started: jails {}, tailing {}", config.hostId(),
                jails.stream().map(TailedJail::name).toList(), tailer.tailedPaths());
    }

    /** Connects the producer in the background: the first offense is usually the first of an attack. */
    private void warmUpProducer() {
        Thread warmUp = new Thread(() -> {
            try {
                log.info("Offenses topic has {} partitions", publisher.fetchMetadata());
            } catch (RuntimeException e) {
                log.warn("Cannot reach the offenses topic yet (sends will wait and retry): {}", e.toString());
            }
        }, "fleetban-shipper-warmup");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** Per-jail counters, by jail name. */
    public Map<String, JailCounters> counters() {
        return dispatcher.counters();
    }

    /** Lines cut at {@code max.line.bytes} since start. */
    public long truncatedLines() {
        LogTailer current = tailer;
        return current == null ? 0 : current.truncatedLines();
    }

    private void readLoop() {
        long pollNanos = config.pollInterval().toNanos();
        while (running) {
            boolean backlog = false;
            try {
                backlog = tailer.poll(dispatcher);
                if (System.nanoTime() - lastSaveNanos >= config.checkpointInterval().toNanos()) {
                    saveCheckpoints();
                }
                lastError = null;
            } catch (RuntimeException e) {
                reportOnce(e);
            }
            if (!backlog) {
                LockSupport.parkNanos(pollNanos);
            }
        }
    }

    private void saveCheckpoints() {
        lastSaveNanos = System.nanoTime();
        List<Checkpoint> current = tailer.checkpoints();
        if (!current.equals(lastSaved)) {
            checkpointStore.save(current);
            lastSaved = current;
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
            publisher.close(CLOSE_TIMEOUT);
            return;
        }
        running = false;
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
            counters().forEach((jail, counts) -> log.info("Shipper closed: jail={} {}", jail, counts));
        }
    }
}
