package io.fleetban.coordinator.state;

/**
 * Keys of the ban-history store, and how its entries are told apart in the shared expiry index.
 *
 * <p>A jail's history of an IP is keyed like its offender state, {@code "<jail>/<ip>"}; the history over all jails
 * ({@code bantime.overalljails}) is {@code "/<ip>"}: jail names are never empty, so no jail's key can look like it.
 * In the expiry index a history entry is filed under {@code "/" + historyKey}, which starts with '/' and so can never
 * be an {@link OffenderKey} either.
 */
public final class BanHistoryKey {

    private static final String MARK = "/";

    private BanHistoryKey() {}

    /** The IP's bans in one jail. */
    public static String of(String jail, String ip) {
        return OffenderKey.of(jail, ip);
    }

    /** The IP's bans in every jail. */
    public static String overall(String ip) {
        return MARK + ip;
    }

    /** The expiry-index name of a history entry. */
    public static String indexEntry(String historyKey) {
        return MARK + historyKey;
    }

    /** Whether an expiry-index entry belongs to the ban history (else it is an offender key). */
    public static boolean isIndexEntry(String indexedKey) {
        return indexedKey.startsWith(MARK);
    }

    /** The history key of an expiry-index entry for which {@link #isIndexEntry} holds. */
    public static String fromIndexEntry(String indexedKey) {
        return indexedKey.substring(MARK.length());
    }
}
