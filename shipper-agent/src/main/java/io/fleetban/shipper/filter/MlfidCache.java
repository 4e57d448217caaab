package io.fleetban.shipper.filter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * fail2ban's multi-line failure-id cache ({@code Filter.mlfidCache} and {@code _mergeFailure}): matches that share an
 * {@code <F-MLFID>} value (e.g. the sshd "host sshd[pid]:" prefix of one connection) are merged, so a
 * {@code <F-NOFAIL>} line and a later line carrying the address combine into one failure, {@code <F-MLFGAINED>}
 * (a successful login) cancels pending failures and {@code <F-MLFFORGET>} drops the connection. Used for single-line
 * filters too (sshd.conf has maxlines = 1 but relies on it). Bounded to 100 connections like fail2ban.
 *
 * <p>Groups are value arrays indexed by the filter's {@link FieldNames}; null is a group that is absent.
 */
final class MlfidCache {

    private static final int MAX_ENTRIES = 100;
    private static final int GAINED = 8;
    private static final int NOFAIL = 1;
    private static final int FORGET = 2;
    private static final int CACHED_NOFAIL = 4;

    /** One connection's merged groups and whether several users were tried on it. */
    private static final class Entry {
        final String[] fields;
        /** The first non-empty user seen; a second, different one marks the connection as failing. */
        private String firstUser;

        private boolean severalUsers;

        Entry(String[] fields) {
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
    String[] merge(String mlfid, String[] fail) {
        int flags = incomingFlags(fail);
        Entry entry = entries.get(mlfid);
        String[] merged;
        if (entry != null) {
            entry.addUser(fail[FieldNames.USER]);
            String[] groups = entry.fields;
            if (remove(groups, FieldNames.NOFAIL) | remove(groups, FieldNames.MLFGAINED)) {
                flags |= CACHED_NOFAIL;
            }
            if ((flags & GAINED) != 0) {
                groups[FieldNames.MLFPENDING] = null;
            }
            for (int i = 0; i < fail.length; i++) {
                if (fail[i] != null) {
                    groups[i] = fail[i];
                }
            }
            merged = groups;
            if ((flags & FORGET) != 0) {
                entries.remove(mlfid);
            }
        } else {
            entry = new Entry(fail);
            entry.addUser(fail[FieldNames.USER]);
            merged = fail;
            if ((flags & FORGET) == 0) {
                entries.put(mlfid, entry);
            }
        }
        if (remove(merged, FieldNames.MLFPENDING) || entry.severalUsers) {
            merged[FieldNames.NOFAIL] = null; // pending failures or several users tried: this connection is failing
            merged[FieldNames.MLFGAINED] = null;
        }
        return merged;
    }

    /** The state the new match signals; a gained login also counts as "no failure" for this match. */
    private static int incomingFlags(String[] fail) {
        int flags = 0;
        if (present(fail, FieldNames.MLFGAINED)) {
            flags |= GAINED | NOFAIL;
            if (!present(fail, FieldNames.NOFAIL)) {
                fail[FieldNames.NOFAIL] = fail[FieldNames.MLFGAINED];
            }
        } else if (present(fail, FieldNames.NOFAIL)) {
            flags |= NOFAIL;
        }
        if (remove(fail, FieldNames.MLFFORGET)) {
            flags |= FORGET;
        }
        return flags;
    }

    private static boolean present(String[] groups, int field) {
        String v = groups[field];
        return v != null && !v.isEmpty();
    }

    /** Clears a group and tells whether it had been captured. */
    private static boolean remove(String[] groups, int field) {
        boolean was = groups[field] != null;
        groups[field] = null;
        return was;
    }
}
