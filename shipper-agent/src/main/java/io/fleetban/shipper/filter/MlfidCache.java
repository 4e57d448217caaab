package io.fleetban.shipper.filter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * fail2ban's multi-line failure-id cache ({@code Filter.mlfidCache} and {@code _mergeFailure}): matches that share an
 * {@code <F-MLFID>} value (e.g. the sshd "host sshd[pid]:" prefix of one connection) are merged, so a
 * {@code <F-NOFAIL>} line and a later line carrying the address combine into one failure, {@code <F-MLFGAINED>}
 * (a successful login) cancels pending failures and {@code <F-MLFFORGET>} drops the connection. Used for single-line
 * filters too (sshd.conf has maxlines = 1 but relies on it). Bounded to 100 connections like fail2ban.
 */
final class MlfidCache {

  private static final int MAX_ENTRIES = 100;
  private static final int GAINED = 8;
  private static final int NOFAIL = 1;
  private static final int FORGET = 2;
  private static final int CACHED_NOFAIL = 4;

  /** One connection's merged groups and whether several users were tried on it. */
  private static final class Entry {
    final Map<String, String> fields;
    /** The first non-empty user seen; a second, different one marks the connection as failing. */
    private String firstUser;
    private boolean severalUsers;

    Entry(Map<String, String> fields) {
      this.fields = fields;
    }

    void addUser(String user) {
      if (user == null || user.isEmpty()) {
        return;
      }
      if (firstUser == null) {
        firstUser = user;
      } else if (!firstUser.equals(user)) {
        severalUsers = true;
      }
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  /**
   * Merges {@code fail} into the cached failure of {@code mlfid} and returns the merged groups. {@code fail} is
   * taken over (cached and returned as the merged groups of a new connection): the caller must not reuse it.
   */
  Map<String, String> merge(String mlfid, Map<String, String> fail) {
    int flags = incomingFlags(fail);
    Entry entry = entries.get(mlfid);
    Map<String, String> merged;
    if (entry != null) {
      entry.addUser(fail.get("user"));
      Map<String, String> groups = entry.fields;
      if (groups.remove("nofail") != null | groups.remove("mlfgained") != null) {
        flags |= CACHED_NOFAIL;
      }
      if ((flags & GAINED) != 0) {
        groups.remove("mlfpending");
      }
      groups.putAll(fail);
      merged = groups;
      if ((flags & FORGET) != 0) {
        entries.remove(mlfid);
      }
    } else {
      entry = new Entry(fail);
      entry.addUser(fail.get("user"));
      merged = fail;
      if ((flags & FORGET) == 0) {
        entries.put(mlfid, entry);
      }
    }
    if (merged.remove("mlfpending") != null || entry.severalUsers) {
      merged.remove("nofail"); // pending failures or several users tried: this connection is failing
      merged.remove("mlfgained");
    }
    return merged;
  }

  /** The state the new match signals; a gained login also counts as "no failure" for this match. */
  private static int incomingFlags(Map<String, String> fail) {
    int flags = 0;
    if (present(fail, "mlfgained")) {
      flags |= GAINED | NOFAIL;
      if (!present(fail, "nofail")) {
        fail.put("nofail", fail.get("mlfgained"));
      }
    } else if (present(fail, "nofail")) {
      flags |= NOFAIL;
    }
    if (fail.remove("mlfforget") != null) {
      flags |= FORGET;
    }
    return flags;
  }

  private static boolean present(Map<String, String> m, String key) {
    String v = m.get(key);
    return v != null && !v.isEmpty();
  }
}
