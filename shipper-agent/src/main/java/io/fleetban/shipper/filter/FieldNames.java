package io.fleetban.shipper.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the fields one filter's regexes capture, each with a fixed index, so that a match's fields are an array
 * ({@link #newValues()}) rather than a map built per matched line. The names fail2ban's failure logic reads
 * ({@link FailureFields}, {@link MlfidCache}) have constant indexes; the others ({@code <F-NAME>} tags,
 * {@code alt_*} groups) are registered while the filter's regexes compile. Not modified once the filter is compiled.
 */
final class FieldNames {

    static final int IP4 = 0;
    static final int IP6 = 1;
    static final int DNS = 2;
    static final int FID = 3;
    static final int MLFID = 4;
    static final int USER = 5;
    static final int NOFAIL = 6;
    static final int MLFGAINED = 7;
    static final int MLFFORGET = 8;
    /** Set by the engine itself: a multi-line failure waits for its address (fail2ban's mlfpending). */
    static final int MLFPENDING = 9;
    /** The prefregex's {@code <F-CONTENT>}: the text the failregexes are matched against. */
    static final int CONTENT = 10;

    private static final List<String> FIXED = List.of(
            "ip4", "ip6", "dns", "fid", "mlfid", "user", "nofail", "mlfgained", "mlfforget", "mlfpending", "content");

    private final List<String> names = new ArrayList<>(FIXED);
    private final Map<String, Integer> indexes = new HashMap<>();

    FieldNames() {
        for (int i = 0; i < FIXED.size(); i++) {
            indexes.put(FIXED.get(i), i);
        }
    }

    /** The index of {@code name}, registering it first if it is new. */
    int register(String name) {
        return indexes.computeIfAbsent(name, n -> {
            names.add(n);
            return names.size() - 1;
        });
    }

    /** The index of {@code name}, or -1 when no regex of the filter captures it. */
    int indexOf(String name) {
        Integer index = indexes.get(name);
        return index == null ? -1 : index;
    }

    String name(int index) {
        return names.get(index);
    }

    /** An empty set of values, indexed by this table: null for a field that was not captured. */
    String[] newValues() {
        return new String[names.size()];
    }
}
