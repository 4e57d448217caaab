package io.fleetban.coordinator.query;

/**
 * One entry of {@code GET /bans}. Times are epoch milliseconds (coordinator wall clock); {@code expiresAt} is null
 * for a permanent ban.
 *
 * @param jail      the jail
 * @param ip        the banned IP or prefix
 * @param bannedAt  when the coordinator decided
 * @param expiresAt when the ban ends, or null
 * @param source    AUTO or MANUAL
 * @param reason    why
 */
public record BanView(String jail, String ip, long bannedAt, Long expiresAt, String source, String reason) {}
