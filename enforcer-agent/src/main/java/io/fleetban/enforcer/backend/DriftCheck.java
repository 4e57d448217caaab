package io.fleetban.enforcer.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one {@link FirewallBackend#checkDrift} found missing and put back. Another tool can take away what fleetban
 * owns without fleetban's knowledge: {@code ufw reload}, {@code firewall-cmd --reload}, {@code iptables -F} or a
 * restored ruleset drop the jump from INPUT, {@code ipset flush} empties a set, {@code nft flush ruleset} removes
 * the table. The sets' contents are not the backend's to know: when a set was recreated or holds fewer entries
 * than the ban list, {@code refill} asks the caller to reconcile now.
 *
 * @param repairs what was put back, in order
 * @param refill  true when the sets' contents must be reconciled with the ban list now
 */
public record DriftCheck(List<Repair> repairs, boolean refill) {

    /** Nothing had drifted. */
    public static final DriftCheck NONE = new DriftCheck(List.of(), false);

    /** The part of the firewall a repair put back; its label is the {@code what} of the repairs metric. */
    public enum Part {
        /** The jump from INPUT into fleetban's chain. */
        JUMP,
        /** fleetban's chain (iptables) or the table's input chain (nftables). */
        CHAIN,
        /** The rules in fleetban's chain. */
        RULES,
        /** A set, created again. */
        SET,
        /** A set that held fewer entries than the ban list (flushed or edited by hand). */
        ENTRIES,
        /** The nftables table. */
        TABLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One repair: what, and where ("iptables INPUT", "set fleetban-sshd-v4"), for the log line. */
    public record Repair(Part what, String where) {}

    public DriftCheck {
        repairs = List.copyOf(repairs);
    }

    public boolean drifted() {
        return !repairs.isEmpty();
    }

    /** Collects the repairs of one check. */
    public static final class Builder {
        private final List<Repair> repairs = new ArrayList<>();
        private boolean refill;

        public Builder repaired(Part what, String where) {
            repairs.add(new Repair(what, where));
            return this;
        }

        /** The sets' contents must be reconciled with the ban list. */
        public Builder refill() {
            refill = true;
            return this;
        }

        public Builder addAll(List<Repair> more) {
            repairs.addAll(more);
            return this;
        }

        public DriftCheck build() {
            return repairs.isEmpty() && !refill ? NONE : new DriftCheck(repairs, refill);
        }
    }
}
