package io.fleetban.shipper.filter;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The captured fields of one failure ({@link MatchResult.Failure#fields()}): an immutable map over a copy of the
 * match's values, read through the filter's {@link FieldNames}. One array copy per failure instead of building and
 * copying a hash map; the entries are only materialised when someone iterates them.
 */
final class Fields extends AbstractMap<String, String> {

    private final FieldNames names;
    private final String[] values;

    /** Copies {@code values} (indexed by {@code names}, null where nothing was captured). */
    Fields(FieldNames names, String[] values) {
        this.names = names;
        this.values = values.clone();
    }

    @Override
    public String get(Object key) {
        int index = key instanceof String name ? names.indexOf(name) : -1;
        return index < 0 ? null : values[index];
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        Set<Entry<String, String>> entries = new LinkedHashSet<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                entries.add(new SimpleImmutableEntry<>(names.name(i), values[i]));
            }
        }
        return Collections.unmodifiableSet(entries);
    }
}
