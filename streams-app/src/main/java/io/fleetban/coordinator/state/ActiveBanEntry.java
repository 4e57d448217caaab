package io.fleetban.coordinator.state;

import java.util.List;
import java.util.Objects;

/**
 * One active ban as the coordinator keeps it for queries and for {@code unbanip --all}: who decided it, why, and until
 * when. Keyed by {@link OffenderKey}; deleted when the ban ends.
 *
 * @param jail       the jail
 * @param ip         the banned address or prefix (canonical text)
 * @param decisionId the BanDecision that started the ban
 * @param source     {@code AUTO} or {@code MANUAL}
 * @param reason     why, in words
 * @param actor      who asked for a manual ban, empty for automatic ones
 * @param bannedAt   coordinator wall-clock millis of the decision
 * @param expiresAt  end of the ban in millis, {@link OffenderState#PERMANENT} for a permanent one
 * @param failures   offenses counted when the ban was decided
 * @param hosts      the hosts that reported them
 * @param banCount   how many times this IP has been banned in this jail
 */
public record ActiveBanEntry(
        String jail,
        String ip,
        String decisionId,
        String source,
        String reason,
        String actor,
        long bannedAt,
        long expiresAt,
        int failures,
        List<String> hosts,
        int banCount) {

    public ActiveBanEntry {
        Objects.requireNonNull(jail, "jail");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(actor, "actor");
        hosts = List.copyOf(hosts);
    }

    public boolean isPermanent() {
        return expiresAt == OffenderState.PERMANENT;
    }
}
