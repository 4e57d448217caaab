package io.fleetban.enforcer.backend.ipset;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import io.fleetban.enforcer.backend.IpFamily;
import io.fleetban.enforcer.backend.SetName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders one batch as an {@code ipset restore} script (run with {@code ipset -exist restore}): all deletes, then
 * all adds, one line each. With {@code -exist} a delete of an absent entry is not an error and an add of a
 * present entry refreshes its timeout, so replaying a batch is harmless.
 *
 * <p>Each set's {@code create} line comes before its first entry. Without it ipset asks the kernel for the set's
 * header before every single line (a netlink round trip per entry, more than the entry's own work); a set created
 * in the same session is known, so its lines are packed into few netlink messages. With {@code -exist} the line
 * changes nothing when the set is there with the same options, and brings back a set another tool destroyed.
 */
public final class IpsetScript {

    /** The largest timeout the kernel accepts (UINT_MAX / MSEC_PER_SEC / 2, in seconds). */
    public static final long MAX_TIMEOUT_SECONDS = 2_147_483L;
    /** About one line's length ("add fleetban-sshd-v4 203.0.113.7 timeout 600"), to size the script once. */
    private static final int LINE_BYTES = 48;
    /** Lines are handed on in chunks of about this size: a pipe's capacity. */
    private static final int CHUNK_CHARS = 64 * 1024;

    private IpsetScript() {}

    /** The {@code create} line of a set, as a restore script holds it (without {@code ipset -exist}). */
    @FunctionalInterface
    public interface CreateLine {
        String of(String set, IpFamily family);
    }

    /**
     * The restore script for {@code removes} then {@code adds}, each set's {@code create} line first; {@code timeout
     * 0} = a permanent entry.
     */
    public static String render(Collection<BanKey> removes, Collection<Ban> adds, Instant now, CreateLine create) {
        final StringBuilder script = new StringBuilder(LINE_BYTES * (removes.size() + adds.size()));
        try {
            write(removes, adds, now, create, script);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder does not fail", e);
        }
        return script.toString();
    }

    /**
     * Writes {@link #render}'s script to {@code out} in chunks of whole lines as it renders them, so a tool reading
     * it (one {@code ipset restore} of a restart's 100,000 lines) works on the first lines while the rest are
     * rendered.
     */
    public static void write(
            Collection<BanKey> removes, Collection<Ban> adds, Instant now, CreateLine create, Appendable out)
            throws IOException {
        final StringBuilder lines = new StringBuilder(CHUNK_CHARS + 2 * LINE_BYTES);
        // A restart renders 100,000 lines: set names are worked out once per jail and family, not per line.
        final SetNames sets = new SetNames(lines, create);
        for (BanKey key : removes) {
            final String set = sets.of(key); // before the line: the set's create line may come first
            lines.append("del ").append(set).append(' ').append(key.entryText()).append('\n');
            flushFull(lines, out);
        }
        for (Ban ban : adds) {
            final BanKey key = ban.key();
            final String set = sets.of(key);
            lines.append("add ")
                    .append(set)
                    .append(' ')
                    .append(key.entryText())
                    .append(" timeout ")
                    .append(ban.remainingSeconds(now, MAX_TIMEOUT_SECONDS))
                    .append('\n');
            flushFull(lines, out);
        }
        out.append(lines);
    }

    private static void flushFull(StringBuilder lines, Appendable out) throws IOException {
        if (lines.length() >= CHUNK_CHARS) {
            out.append(lines);
            lines.setLength(0);
        }
    }

    /** {@link SetName#of} of each jail and family seen; the first sight of a set writes its create line. */
    private static final class SetNames {
        private final Map<String, String[]> byJail = new HashMap<>();
        private final StringBuilder script;
        private final CreateLine create;

        SetNames(StringBuilder script, CreateLine create) {
            this.script = script;
            this.create = create;
        }

        String of(BanKey key) {
            final String[] names = byJail.computeIfAbsent(key.jail(), jail -> new String[IpFamily.values().length]);
            final int family = key.family().ordinal();
            if (names[family] == null) {
                names[family] = SetName.of(key.jail(), key.family());
                script.append(create.of(names[family], key.family())).append('\n');
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
