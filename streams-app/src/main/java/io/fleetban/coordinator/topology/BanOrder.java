package io.fleetban.coordinator.topology;

import io.fleetban.avro.BanSource;
import java.util.List;

/**
 * What a ban is about to say: who decided it, why, for how long, and the evidence.
 *
 * @param source        AUTO (counted) or MANUAL (an operator's command)
 * @param reason        why, in words, carried into the decision
 * @param actor         who asked, null for automatic bans
 * @param banTimeMillis ban length; negative = permanent
 * @param failures      offenses counted (0 for a manual ban)
 * @param hosts         the hosts that reported them
 */
record BanOrder(BanSource source, String reason, String actor, long banTimeMillis, int failures, List<String> hosts) {}
