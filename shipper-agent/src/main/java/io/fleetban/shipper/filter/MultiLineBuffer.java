package io.fleetban.shipper.filter;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * fail2ban's multi-line support for {@code maxlines > 1}: the last {@code maxlines} lines (date text removed) are
 * matched as one buffer joined with {@code \n}; the lines a failregex matched leave the buffer (fail2ban's
 * {@code getUnmatchedTupleLines}).
 */
final class MultiLineBuffer {

    /** Callback from {@link JailFilter#matchBuffer} telling which failregex matched the buffer. */
    interface Consumer {
        void matched(FailRegex regex);
    }

    private final int maxLines;
    private final Deque<String> lines = new ArrayDeque<>();

    MultiLineBuffer(int maxLines) {
        this.maxLines = maxLines;
    }

    /** A line with a date. */
    MatchResult add(String body, LineTime time, JailFilter filter) {
        lines.addLast(body);
        while (lines.size() > maxLines) {
            lines.removeFirst();
        }
        String buffer = String.join("\n", lines) + "\n";
        return filter.matchBuffer(buffer, time, regex -> dropMatchedLines(buffer, regex.start(), regex.end()));
    }

    /** fail2ban's getUnmatchedTupleLines: the lines the match touched are consumed. */
    private void dropMatchedLines(String buffer, int start, int end) {
        int first = count(buffer, buffer.lastIndexOf('\n', start) + 1);
        int endLine = buffer.indexOf('\n', Math.max(0, end - 1));
        int last = count(buffer, endLine < 0 ? buffer.length() : endLine + 1);
        Iterator<String> it = lines.iterator();
        for (int i = 0; it.hasNext(); i++) {
            it.next();
            if (i >= first && i < last) {
                it.remove();
            }
        }
    }

    private static int count(String s, int to) {
        int n = 0;
        for (int i = 0; i < to; i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
