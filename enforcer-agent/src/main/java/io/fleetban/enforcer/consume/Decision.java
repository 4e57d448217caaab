package io.fleetban.enforcer.consume;

import io.fleetban.enforcer.backend.Ban;
import io.fleetban.enforcer.backend.BanKey;
import java.time.Instant;

/**
 * A validated decision read from Kafka. Decisions for the same jail and IP are ordered by {@code decidedAt}
 * (the coordinator's BanDecision.bannedAt / Unban.unbannedAt), never by arrival: bans and unbans travel on two
 * topics, and Kafka orders records only within one partition.
 */
public sealed interface Decision {

    BanKey key();

    Instant decidedAt();

    /** The coordinator's decision id, named in the log line that reports the decision applied. */
    String decisionId();

    /** Start (or renewal) of a ban. */
    record Banned(Ban ban, Instant decidedAt, String decisionId) implements Decision {
        @Override
        public BanKey key() {
            return ban.key();
        }
    }

    /** End of a ban (expired or lifted by an operator). */
    record Unbanned(BanKey key, Instant decidedAt, String decisionId) implements Decision {}
}
