package io.fleetban.enforcer.backend;

/**
 * The buffer of {@link FirewallBackend}'s contract, kept in one place: {@code add} and {@code remove} only record
 * the change in {@link #pending}, and each backend's {@code commit} drains it into one firewall call.
 */
public abstract class BufferingBackend implements FirewallBackend {

    /** What add and remove recorded since the last commit. */
    protected final PendingChanges pending = new PendingChanges();

    @Override
    public void add(Ban ban) {
        pending.add(ban);
    }

    @Override
    public void remove(BanKey key) {
        pending.remove(key);
    }
}
