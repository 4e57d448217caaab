package io.fleetban.coordinator.query;

import java.util.List;

/**
 * {@code GET /jails/{jail}}: the jail's settings as {@code fail2ban-client get <jail> ...} shows them; times in
 * seconds, bantime -1 when permanent.
 *
 * @param maxretry failures that lead to a ban
 * @param findtime the counting window, seconds
 * @param bantime  ban length, seconds (-1 = permanent)
 * @param ignoreip addresses and ranges never banned
 */
public record JailInfo(int maxretry, long findtime, long bantime, List<String> ignoreip) {

    public JailInfo {
        ignoreip = ignoreip == null ? List.of() : List.copyOf(ignoreip);
    }
}
