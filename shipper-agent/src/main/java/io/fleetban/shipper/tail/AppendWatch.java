package io.fleetban.shipper.tail;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the reader thread when a directory holding a tailed file reports a change (inotify, through the JDK's
 * WatchService on Linux), so an appended line is read within a scheduling delay instead of half a poll interval on
 * average. Polling stays the guarantee: the wait never exceeds the poll interval, so a file system without change
 * notification (NFS written from another host), a directory that cannot be watched or a lost event only costs
 * latency, never a line. Where the JDK has no native watch service (it would poll itself, every few seconds) the
 * wait is a plain sleep.
 */
public final class AppendWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppendWatch.class);

    private final WatchService service;
    private final Set<Path> directories = new HashSet<>();

    private AppendWatch(WatchService service) {
        this.service = service;
    }

    /** A watch on this file system; a plain sleep where the JDK's watch service is not inotify-backed. */
    public static AppendWatch open() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return new AppendWatch(null);
        }
        try {
            return new AppendWatch(FileSystems.getDefault().newWatchService());
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("No file change notification ({}): appended lines are found by polling alone", e.toString());
            return new AppendWatch(null);
        }
    }

    /** Watches the directories of {@code files} not watched yet; a directory that cannot be watched is polled. */
    public void watchDirectoriesOf(Collection<Path> files) {
        if (service == null) {
            return;
        }
        for (Path file : files) {
            Path directory = file.toAbsolutePath().getParent();
            if (directory != null && !directories.contains(directory)) {
                try {
                    directory.register(
                            service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                    directories.add(directory);
                } catch (IOException | ClosedWatchServiceException e) {
                    // Missing directory (a logpath that appears later) or inotify watch limit: polling covers it.
                    log.debug("Not watching {}: {}", directory, e.toString());
                }
            }
        }
    }

    /** Waits until a watched directory reports a change or {@code max} has passed, then clears what was reported. */
    public void await(Duration max) {
        if (service == null) {
            LockSupport.parkNanos(max.toNanos());
            return;
        }
        try {
            WatchKey key = service.poll(max.toNanos(), TimeUnit.NANOSECONDS);
            while (key != null) {
                // Which file changed does not matter: the reader stats every tailed path anyway.
                key.pollEvents();
                key.reset();
                key = service.poll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // Closed by the shipper's shutdown: return at once, the reader loop ends.
        }
    }

    /** Ends any wait in progress at once. */
    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.warn("Closing the file watch failed: {}", e.toString());
            }
        }
    }
}
