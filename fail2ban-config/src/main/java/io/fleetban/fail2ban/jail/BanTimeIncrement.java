package io.fleetban.fail2ban.jail;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * fail2ban's {@code bantime.*} options: a repeat offender's next ban is longer. Off by default, as in fail2ban.
 *
 * <p>Keys (jail or [DEFAULT] section):
 * <ul>
 *   <li>{@code bantime.increment} (boolean, default false): turns the increase on;</li>
 *   <li>{@code bantime.factor} (positive number, default 1): fail2ban's {@code banFactor};</li>
 *   <li>{@code bantime.formula}: only fail2ban's default formula
 *       {@code ban.Time * (1<<(ban.Count if ban.Count<20 else 20)) * banFactor} is accepted (it is also what applies
 *       when the key is absent); fleetban does not evaluate Python, so any other formula is a config error;</li>
 *   <li>{@code bantime.multipliers} (space-separated positive integers, default none): when set, replaces the
 *       formula: {@code ban.Time * banFactor * multipliers[min(ban.Count, len - 1)]};</li>
 *   <li>{@code bantime.maxtime} (a time, default none): the longest increased ban;</li>
 *   <li>{@code bantime.rndtime} (a time, default none): a random 0..rndtime added to an increased ban, so a botnet
 *       cannot learn the exact moment it is let in again;</li>
 *   <li>{@code bantime.overalljails} (boolean, default false): count the IP's bans in every jail, not only this one.</li>
 * </ul>
 *
 * @param enabled      {@code bantime.increment}
 * @param factor       {@code bantime.factor}
 * @param multipliers  {@code bantime.multipliers}; empty = the default formula
 * @param maxTime      {@code bantime.maxtime}
 * @param rndTime      {@code bantime.rndtime}
 * @param overallJails {@code bantime.overalljails}
 */
public record BanTimeIncrement(
        boolean enabled,
        double factor,
        List<Integer> multipliers,
        Optional<Duration> maxTime,
        Optional<Duration> rndTime,
        boolean overallJails) {

    /** fail2ban's default: no increase. */
    public static final BanTimeIncrement OFF =
            new BanTimeIncrement(false, 1, List.of(), Optional.empty(), Optional.empty(), false);

    /** The only {@code bantime.formula} fleetban understands: fail2ban's default (compared without blanks). */
    public static final String DEFAULT_FORMULA = "ban.Time * (1<<(ban.Count if ban.Count<20 else 20)) * banFactor";

    /**
     * How long fleetban remembers an IP's bans after its last ban ended when {@code bantime.maxtime} is not longer:
     * fail2ban's default {@code dbpurgeage} (1 day), the time fail2ban itself keeps ban history in its database.
     */
    public static final Duration MIN_HISTORY_RETENTION = Duration.ofDays(1);

    /** fail2ban caps the doubling at {@code 1<<20}. */
    private static final int MAX_DOUBLINGS = 20;

    /** Validates the record. */
    public BanTimeIncrement {
        Objects.requireNonNull(maxTime, "maxTime");
        Objects.requireNonNull(rndTime, "rndTime");
        multipliers = List.copyOf(multipliers);
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("bantime.factor must be a positive number, was " + factor);
        }
        for (int m : multipliers) {
            if (m < 1) {
                throw new IllegalArgumentException("bantime.multipliers must be positive integers, found " + m);
            }
        }
        maxTime.filter(t -> t.isNegative() || t.isZero()).ifPresent(t -> {
            throw new IllegalArgumentException("bantime.maxtime must be positive, was " + t.toSeconds() + " s");
        });
        rndTime.filter(Duration::isNegative).ifPresent(t -> {
            throw new IllegalArgumentException("bantime.rndtime must not be negative, was " + t.toSeconds() + " s");
        });
    }

    /** True when {@code formula} is fail2ban's default formula, ignoring blanks. */
    public static boolean isDefaultFormula(String formula) {
        return formula.replaceAll("\\s+", "").equals(DEFAULT_FORMULA.replaceAll("\\s+", ""));
    }

    /**
     * The length of a ban, as fail2ban's {@code ObserverThread.incrBanTime}: the plain {@code banTime} for a first
     * ban (or when off, or for a permanent ban); otherwise the multiplier step or the default formula (never shorter
     * than {@code banTime}), capped at {@code maxtime}, plus {@code random * rndtime}.
     *
     * @param banTime     the jail's {@code bantime} (negative = permanent)
     * @param priorBans   how many bans of this IP are remembered ({@code ban.Count})
     * @param random      a number in [0, 1) for {@code rndtime}
     */
    public Duration banTime(Duration banTime, int priorBans, double random) {
        if (!enabled || priorBans <= 0 || banTime.isNegative() || banTime.isZero()) {
            return banTime;
        }
        double base = banTime.toMillis();
        double millis = multipliers.isEmpty()
                ? Math.max(base, base * (1L << Math.min(priorBans, MAX_DOUBLINGS)) * factor)
                : base * factor * multipliers.get(Math.min(priorBans, multipliers.size() - 1));
        if (maxTime.isPresent()) {
            millis = Math.min(millis, maxTime.get().toMillis());
        }
        millis += random * rndTime.map(Duration::toMillis).orElse(0L);
        return Duration.ofMillis((long) Math.min(millis, Long.MAX_VALUE / 2.0));
    }

    /**
     * How long after the end of an IP's last ban its ban count is remembered: {@code bantime.maxtime}, but at least
     * {@link #MIN_HISTORY_RETENTION}. Bounded, so the history of a one-off offender does not live forever.
     */
    public Duration historyRetention() {
        return maxTime.filter(t -> t.compareTo(MIN_HISTORY_RETENTION) > 0).orElse(MIN_HISTORY_RETENTION);
    }
}
