package io.fleetban.shipper.tail;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LogTailer} reads.
 *
 * @param readFrom       where to start in a file present at start-up at a path never read before
 * @param maxLineBytes   longest line kept whole; longer lines are cut and counted
 * @param rescanInterval how often glob log paths are expanded again to find files that appeared
 * @param rotationGrace  how long a rotated-away file is still read after it stopped growing: a writer keeps
 *                       appending to the old inode until it reopens its log (logrotate's postrotate signal)
 */
public record TailOptions(ReadFrom readFrom, int maxLineBytes, Duration rescanInterval, Duration rotationGrace) {

    /** fail2ban-like defaults: read back findtime, 16 KiB lines, rescan globs every 250 ms, 2 s rotation grace. */
    public static TailOptions defaults() {
        return new TailOptions(ReadFrom.FINDTIME, 16 * 1024, Duration.ofMillis(250), Duration.ofSeconds(2));
    }

    public TailOptions {
        Objects.requireNonNull(readFrom, "readFrom");
        Objects.requireNonNull(rescanInterval, "rescanInterval");
        Objects.requireNonNull(rotationGrace, "rotationGrace");
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
    }

    public TailOptions withReadFrom(ReadFrom value) {
        return new TailOptions(value, maxLineBytes, rescanInterval, rotationGrace);
    }

    public TailOptions withMaxLineBytes(int value) {
        return new TailOptions(readFrom, value, rescanInterval, rotationGrace);
    }

    public TailOptions withRotationGrace(Duration value) {
        return new TailOptions(readFrom, maxLineBytes, rescanInterval, value);
    }
}
