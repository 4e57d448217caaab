package io.fleetban.enforcer.backend;

import io.fleetban.fail2ban.jail.PortRange;
import io.fleetban.fail2ban.value.IpRange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Jails, keys and bans the backend and consume tests share. */
public final class BanFixtures {

    public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    /** The seed tutorial's jail: [fail] port = 8000, fail2ban's default action_ (REJECT). */
    public static final EnforcedJail FAIL = new EnforcedJail(
            "fail",
            List.of(new PortRange(8000, 8000)),
            "tcp",
            BlockType.REJECT,
            List.of(IpRange.parse("192.0.2.0/24")));

    private BanFixtures() {}

    public static BanKey key(String jail, String ip) {
        return new BanKey(jail, IpRange.parse(ip));
    }

    public static Ban banFor(String jail, String ip, long secondsLeft) {
        return new Ban(key(jail, ip), Optional.of(NOW.plusSeconds(secondsLeft)));
    }

    public static Ban permanent(String jail, String ip) {
        return new Ban(key(jail, ip), Optional.empty());
    }
}
