package io.fleetban.shipper.filter;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * fail2ban's multi-line support for {@code maxlines > 1}: the last {@code maxlines} lines (date text removed) are
 * matched as one buffer joined with {@code \n}; the lines a failregex matched leave the buffer; {@code <F-MLFID>}
 * failures are merged across lines in a cache of 100 entries ({@code Filter._mergeFailure}).
 */
final class MultiLineBuffer {

  private static final int MLFID_CACHE_SIZE = 100;

  /** Callback from {@link JailFilter#matchBuffer} telling which failregex matched the buffer. */
  interface Consumer {
    void matched(FailRegex regex);
  }

  private final int maxLines;
  private final Deque<String> lines = new ArrayDeque<>();
  private final Map<String, Map<String, String>> mlfidCache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
      return size() > MLFID_CACHE_SIZE;
    }
  };
  private Instant lastTime;

  MultiLineBuffer(int maxLines) {
    this.maxLines = maxLines;
  }

  /** A line with a date. */
  MatchResult add(String body, Instant time, JailFilter filter) {
    lastTime = time;
    lines.addLast(body);
    while (lines.size() > maxLines) {
      lines.removeFirst();
    }
    String buffer = String.join("\n", lines) + "\n";
    return filter.matchBuffer(buffer, time, regex -> dropMatchedLines(buffer, regex.start(), regex.end()));
  }

  /** A continuation line without a date: fail2ban keeps it in the buffer with the last known time. */
  MatchResult withoutDate(String text, JailFilter filter) {
    if (lastTime == null) {
      return MatchResult.Missed.of(MatchResult.Missed.NO_DATE);
    }
    return add(text, lastTime, filter);
  }

  /** fail2ban's getUnmatchedTupleLines: the lines the match touched are consumed. */
  private void dropMatchedLines(String buffer, int start, int end) {
    int first = count(buffer, 0, Math.max(0, buffer.lastIndexOf('\n', Math.max(0, start - 1)) + 1));
    if (start == 0) {
      first = 0;
    }
    int endLine = buffer.indexOf('\n', Math.max(0, end - 1));
    int last = count(buffer, 0, endLine < 0 ? buffer.length() : endLine + 1);
    Iterator<String> it = lines.iterator();
    for (int i = 0; it.hasNext(); i++) {
      it.next();
      if (i >= first && i < last) {
        it.remove();
      }
    }
  }

  private static int count(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** fail2ban's Filter._mergeFailure, without the per-connection user set beyond "more than one user". */
  Map<String, String> mergeFailure(String mlfid, Map<String, String> fail) {
    int flags = 0;
    if (fail.get("mlfgained") != null) {
      flags |= 8 | 1;
      fail.putIfAbsent("nofail", fail.get("mlfgained"));
    } else if (fail.get("nofail") != null) {
      flags |= 1;
    }
    if (fail.remove("mlfforget") != null) {
      flags |= 2;
    }
    Map<String, String> cached = mlfidCache.get(mlfid);
    boolean manyUsers = false;
    if (cached != null) {
      String user = fail.get("user");
      manyUsers = user != null && cached.get("user") != null && !user.equals(cached.get("user"));
      if (cached.remove("nofail") != null | cached.remove("mlfgained") != null) {
        flags |= 4;
      }
      if ((flags & 8) != 0) {
        cached.remove("mlfpending");
      }
      cached.putAll(fail);
      fail = cached;
      if ((flags & 2) != 0) {
        mlfidCache.remove(mlfid);
      }
    } else if ((flags & 2) == 0) {
      fail = new HashMap<>(fail);
      mlfidCache.put(mlfid, fail);
    }
    if (fail.remove("mlfpending") != null || manyUsers) {
      fail.remove("nofail");
      fail.remove("mlfgained");
    }
    return fail;
  }
}
