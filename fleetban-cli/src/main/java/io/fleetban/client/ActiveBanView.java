package io.fleetban.client;

/** One active ban as {@code GET /bans} returns it; times are epoch milliseconds, {@code expiresAt} null when permanent. */
public record ActiveBanView(String jail, String ip, long bannedAt, Long expiresAt, String source, String reason) {
}
