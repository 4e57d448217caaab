package io.fleetban.cli.regex;

import io.fleetban.shipper.filter.JailFilter;
import io.fleetban.shipper.filter.JailFilter.Prepared;
import io.fleetban.shipper.filter.MatchResult;
import io.fleetban.shipper.filter.date.DateDetector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Matches every line of a log file with a filter and hands each result on in file order, on all cores when the filter
 * allows it, with the results one thread would give.
 *
 * <p>A reader thread cuts the file into chunks of whole lines; worker threads, each with its own {@link JailFilter#copy
 * copy} of the filter (the compiled regexes shared, compiled once), decode the lines and {@link JailFilter#prepare prepare} them (date, prefregex, failregex, ignoreregex: the costly
 * part); the calling thread {@link JailFilter#complete completes} them in order ({@code <F-MLFID>} connections) and
 * passes them on. A worker starts each chunk with a new date detector, while one thread would have carried the
 * detector's {@link DateDetector.State} over from the chunk before, which can change a line's template or its
 * reused date. So the calling thread prepares a chunk's first lines again from the true state until its detector
 * reaches the worker's state after the same line (usually after the first dated line); from there the worker's
 * results are those of one thread. A multi-line filter ({@code maxlines > 1}) carries its buffer from line to
 * line and is matched on the calling thread alone. Memory is bounded: a few chunks are in flight at a time.
 */
public final class LogMatcher {

    /** Receives each line's result, in order. */
    @FunctionalInterface
    public interface ResultConsumer {
        void accept(long number, String line, MatchResult result);
    }

    /**
     * Bytes read at a time; a chunk is that much up to its last line end (a longer line grows it). Small enough that
     * the chunks in flight stay in the young generation, large enough that handing them over costs nothing.
     */
    private static final int CHUNK_BYTES = 1 << 16;
    /** The worker's detector states kept for the first lines of a chunk, to find where it agrees with one thread. */
    private static final int STATES_KEPT = 64;

    private final JailFilter filter;
    private final int workers;
    private final int chunkBytes;

    LogMatcher(JailFilter filter, int workers, int chunkBytes) {
        this.filter = filter;
        this.workers = workers;
        this.chunkBytes = chunkBytes;
    }

    /**
     * A matcher completing on {@code filter} (not yet used), with {@code workers} worker threads (below 2: the calling
     * thread only).
     */
    public static LogMatcher of(JailFilter filter, int workers) {
        return new LogMatcher(filter, workers, CHUNK_BYTES);
    }

    /** Worker threads for this machine: one per core. */
    public static int defaultWorkers() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Matches every line of {@code file}.
     *
     * @return the number of lines
     * @throws UncheckedIOException when the file cannot be read
     */
    public long matchFile(Path file, ResultConsumer consumer) {
        if (workers < 2 || filter.multiLine()) {
            return LogLines.forEach(file, (number, line) -> consumer.accept(number, line, filter.match(line)));
        }
        final ExecutorService pool = Executors.newFixedThreadPool(workers, LogMatcher::daemon);
        final ThreadLocal<JailFilter> filters = ThreadLocal.withInitial(filter::copy);
        final DateDetector.State initial = filter.dateState();
        final BlockingQueue<Future<Chunk>> chunks = new ArrayBlockingQueue<>(workers + 1);
        final Thread reader = daemon(() -> read(file, chunkBytes, pool, filters, initial, chunks));
        reader.setName("fleetban-regex-reader");
        reader.start();
        try {
            return complete(chunks, initial, consumer);
        } finally {
            reader.interrupt();
            pool.shutdownNow();
        }
    }

    /** One chunk's lines as a worker prepared them, from a new detector. */
    private record Chunk(
            List<String> lines, Prepared[] prepared, DateDetector.State[] states, DateDetector.State last) {
        static final Chunk END = new Chunk(List.of(), new Prepared[0], new DateDetector.State[0], null);
    }

    private long complete(BlockingQueue<Future<Chunk>> chunks, DateDetector.State initial, ResultConsumer consumer) {
        long number = 0;
        DateDetector.State state = initial; // one thread's detector state before the next chunk
        for (Chunk chunk = take(chunks); chunk != Chunk.END; chunk = take(chunks)) {
            final Prepared[] again = prepareAgain(chunk, state, initial);
            final List<String> lines = chunk.lines();
            for (int i = 0; i < lines.size(); i++) {
                final Prepared prepared = i < again.length ? again[i] : chunk.prepared()[i];
                consumer.accept(++number, lines.get(i), filter.complete(prepared));
            }
            state = again.length == lines.size() ? filter.dateState() : chunk.last();
        }
        return number;
    }

    /**
     * The chunk's first lines prepared again on this thread, from one thread's detector {@code state}, up to the
     * first after which this detector is in the worker's state (all lines if it never gets there within
     * {@value #STATES_KEPT}); none when the worker started from that state.
     */
    private Prepared[] prepareAgain(Chunk chunk, DateDetector.State state, DateDetector.State initial) {
        if (Objects.equals(state, initial)) {
            return new Prepared[0];
        }
        filter.restoreDateState(state);
        final List<String> lines = chunk.lines();
        final int kept = chunk.states().length;
        final List<Prepared> again = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            again.add(filter.prepare(lines.get(i)));
            if (i < kept && Objects.equals(filter.dateState(), chunk.states()[i])) {
                break;
            }
        }
        return again.toArray(new Prepared[0]);
    }

    private static Chunk take(BlockingQueue<Future<Chunk>> chunks) {
        try {
            return chunks.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while matching", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The reader thread: cuts the file into chunks of whole lines and queues their preparation, in order. */
    private static void read(
            Path file,
            int chunkBytes,
            ExecutorService pool,
            ThreadLocal<JailFilter> filters,
            DateDetector.State initial,
            BlockingQueue<Future<Chunk>> chunks) {
        try (InputStream in = Files.newInputStream(file)) {
            LogLines.forEachChunk(in, chunkBytes, (buffer, length) -> {
                final byte[] bytes = Arrays.copyOf(buffer, length);
                chunks.put(pool.submit(() -> prepare(bytes, filters.get(), initial)));
            });
            chunks.put(CompletableFuture.completedFuture(Chunk.END));
        } catch (IOException e) {
            fail(chunks, new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the calling thread stopped early
        } catch (RuntimeException e) {
            fail(chunks, e);
        }
    }

    private static void fail(BlockingQueue<Future<Chunk>> chunks, RuntimeException e) {
        try {
            chunks.put(CompletableFuture.failedFuture(e));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A worker: decodes a chunk's lines and prepares them from a new detector. */
    private static Chunk prepare(byte[] bytes, JailFilter filter, DateDetector.State initial) {
        filter.restoreDateState(initial);
        final List<String> lines = new ArrayList<>(bytes.length / 64 + 1);
        LogLines.splitAll(bytes, 0, bytes.length, 0, (number, line) -> lines.add(line));
        final Prepared[] prepared = new Prepared[lines.size()];
        final DateDetector.State[] states = new DateDetector.State[Math.min(lines.size(), STATES_KEPT)];
        for (int i = 0; i < prepared.length; i++) {
            prepared[i] = filter.prepare(lines.get(i));
            if (i < states.length) {
                states[i] = filter.dateState();
            }
        }
        return new Chunk(lines, prepared, states, filter.dateState());
    }

    private static Thread daemon(Runnable task) {
        final Thread thread = new Thread(task, "fleetban-regex-worker");
        thread.setDaemon(true);
        return thread;
    }
}
