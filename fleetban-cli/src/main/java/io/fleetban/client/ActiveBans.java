package io.fleetban.client;

import java.util.List;

/**
 * {@code GET /bans}: the active bans, and whether every coordinator instance answered.
 *
 * @param bans     active bans of the instances that answered
 * @param coverage how many instances answered
 */
public record ActiveBans(List<ActiveBanView> bans, AnswerCoverage coverage) {

    public ActiveBans {
        bans = List.copyOf(bans);
        coverage = coverage == null ? AnswerCoverage.WHOLE : coverage;
    }
}
