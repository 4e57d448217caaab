package io.fleetban.shipper.tail;

/**
 * Receives the lines a {@link LogTailer} reads, on the tailer's thread, in file order. A line that needs
 * publishing must be {@link LogLine#hold() held} before {@code accept} returns, because the tailer advances the
 * file's read offset past it right after.
 */
@FunctionalInterface
public interface LineSink {
    void accept(LogLine line);
}
