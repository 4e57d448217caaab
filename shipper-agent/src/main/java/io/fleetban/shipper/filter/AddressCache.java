package io.fleetban.shipper.filter;

import io.fleetban.fail2ban.value.IpAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers the addresses a filter has parsed, as fail2ban's {@code IPAddr} does (ipdns.py {@code CACHE_OBJ},
 * 10,000 entries): an attacker's address recurs on line after line, so its text is parsed once per filter.
 * {@link IpAddress#parse} stays the one parser; this only keeps its answers. Text that is not an address is never
 * cached (it throws each time). Bounded: when full it starts over, so a flood of distinct addresses costs no more
 * memory than 10,000 entries. Not thread-safe, like the {@link JailFilter} that owns it.
 */
final class AddressCache {

    static final int MAX_ENTRIES = 10_000;

    private final Map<String, IpAddress> parsed = new HashMap<>();

    /** {@link IpAddress#parse(String)}, answered from the cache when this text was parsed before. */
    IpAddress parse(String text) {
        IpAddress address = parsed.get(text);
        if (address == null) {
            address = IpAddress.parse(text);
            if (parsed.size() >= MAX_ENTRIES) {
                parsed.clear();
            }
            parsed.put(text, address);
        }
        return address;
    }

    int size() {
        return parsed.size();
    }
}
