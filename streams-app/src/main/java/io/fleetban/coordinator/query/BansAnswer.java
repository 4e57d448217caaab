package io.fleetban.coordinator.query;

import java.util.List;

/**
 * {@code GET /bans}: every active ban, and how much of the fleet answered.
 *
 * @param bans     the active bans of the instances that answered
 * @param coverage whether every instance answered
 */
public record BansAnswer(List<BanView> bans, Coverage coverage) {

    public BansAnswer {
        bans = bans == null ? List.of() : List.copyOf(bans);
        coverage = coverage == null ? Coverage.local() : coverage;
    }
}
