package io.fleetban.shipper.tail;

/**
 * One complete line read from a log file, without its line terminator ({@code \n} or {@code \r\n}).
 *
 * @param source         the file it came from; hold/release its cursor to keep the checkpoint before this line
 *                       while the line's offenses are in flight
 * @param offset         byte offset of the line's first byte in the file
 * @param nextOffset     byte offset just past the line's newline
 * @param text           the line decoded as UTF-8 (malformed bytes replaced), at most the configured bound
 * @param truncated      true when the line was longer than the bound and was cut
 * @param startupBacklog true when the line was already in the file at the first start ({@link ReadFrom#FINDTIME}):
 *                       as fail2ban does at start, its failure counts only when dated inside the jail's findtime
 */
public record LogLine(
        FileCursor source, long offset, long nextOffset, String text, boolean truncated, boolean startupBacklog) {

    /** A line appended while the shipper runs. */
    public LogLine(FileCursor source, long offset, long nextOffset, String text, boolean truncated) {
        this(source, offset, nextOffset, text, truncated, false);
    }

    /** Keeps this line from being checkpointed as done until {@link #release()}. */
    public void hold() {
        source.hold(offset);
    }

    /** Marks one hold of this line as acknowledged. */
    public void release() {
        source.release(offset);
    }
}
