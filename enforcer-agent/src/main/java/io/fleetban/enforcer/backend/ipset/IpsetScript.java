package io.fleetban.enforcer.backend.ipset;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.SetName;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders one batch as an {@code ipset restore} script (run with {@code ipset -exist restore}): all deletes, then
 * all adds, one line each. With {@code -exist} a delete of an absent entry is not an error and an add of a
 * present entry refreshes its timeout, so replaying a batch is harmless.
 */
public final class IpsetScript {

    /** The largest timeout the kernel accepts (UINT_MAX / MSEC_PER_SEC / 2, in seconds). */
    public static final long MAX_TIMEOUT_SECONDS = 2_147_483L;
    /** About one line's length ("add fleetban-sshd-v4 203.0.113.7 timeout 600"), to size the script once. */
    private static final int LINE_BYTES = 48;

    private IpsetScript() {}

    /** The restore script for {@code removes} then {@code adds}; {@code timeout 0} = a permanent entry. */
    public static String render(Collection<BanKey> removes, Collection<Ban> adds, Instant now) {
        // A restart renders 100,000 lines: set names are worked out once per jail and family, not per line.
        final SetNames sets = new SetNames();
        final StringBuilder script = new StringBuilder(LINE_BYTES * (removes.size() + adds.size()));
        for (BanKey key : removes) {
            script.append("del ")
                    .append(sets.of(key))
                    .append(' ')
                    .append(key.entryText())
                    .append('\n');
        }
        for (Ban ban : adds) {
            final BanKey key = ban.key();
            script.append("add ")
                    .append(sets.of(key))
                    .append(' ')
                    .append(key.entryText())
                    .append(" timeout ")
                    .append(ban.remainingSeconds(now, MAX_TIMEOUT_SECONDS))
                    .append('\n');
        }
        return script.toString();
    }

    /** {@link SetName#of} of each jail and family seen. */
    private static final class SetNames {
        private final Map<String, String[]> byJail = new HashMap<>();

        String of(BanKey key) {
            final String[] names = byJail.computeIfAbsent(key.jail(), jail -> new String[IpFamily.values().length]);
            final int family = key.family().ordinal();
            if (names[family] == null) {
                names[family] = SetName.of(key.jail(), key.family());
            }
            return names[family];
        }
    }

    /**
     * The entries of {@code ipset save <set>} output: "add fleetban-fail-v4 198.51.100.2 timeout 58" gives
     * "198.51.100.2". Lines of other sets and the "create" line are skipped.
     */
    public static List<String> parseSave(String setName, String saveOutput) {
        final String prefix = "add " + setName + " ";
        return saveOutput
                .lines()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()).split(" ", 2)[0])
                .toList();
    }
}
