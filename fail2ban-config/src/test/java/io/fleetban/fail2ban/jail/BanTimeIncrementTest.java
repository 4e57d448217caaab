package io.fleetban.fail2ban.jail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** fail2ban's ban time arithmetic (ObserverThread.incrBanTime and its evformula). */
class BanTimeIncrementTest {
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private static BanTimeIncrement formula(double factor, Duration maxTime, Duration rndTime) {
        return new BanTimeIncrement(
                true, factor, List.of(), Optional.ofNullable(maxTime), Optional.ofNullable(rndTime), false);
    }

    @Test
    void offLeavesEveryBanAtBantime() {
        assertThat(BanTimeIncrement.OFF.banTime(TEN_MINUTES, 5, 0.5)).isEqualTo(TEN_MINUTES);
    }

    @Test
    void firstBanIsPlainBantimeEvenWithRndtime() {
        assertThat(formula(1, null, Duration.ofMinutes(5)).banTime(TEN_MINUTES, 0, 0.9))
                .isEqualTo(TEN_MINUTES);
    }

    @Test
    void defaultFormulaDoublesPerPriorBanTimesFactorUpToTwoToTheTwentieth() {
        BanTimeIncrement increment = formula(2, null, null);
        assertThat(increment.banTime(TEN_MINUTES, 1, 0)).isEqualTo(Duration.ofMinutes(40));
        assertThat(increment.banTime(TEN_MINUTES, 3, 0)).isEqualTo(Duration.ofMinutes(160));
        assertThat(increment.banTime(Duration.ofSeconds(1), 25, 0)).isEqualTo(Duration.ofSeconds(2L << 20));
    }

    @Test
    void defaultFormulaIsNeverShorterThanBantime() {
        assertThat(formula(0.1, null, null).banTime(TEN_MINUTES, 1, 0)).isEqualTo(TEN_MINUTES);
    }

    @Test
    void multipliersStepByPriorBansAndStayOnTheLast() {
        BanTimeIncrement increment =
                new BanTimeIncrement(true, 1, List.of(1, 5, 30), Optional.empty(), Optional.empty(), false);
        assertThat(increment.banTime(TEN_MINUTES, 1, 0)).isEqualTo(Duration.ofMinutes(50));
        assertThat(increment.banTime(TEN_MINUTES, 2, 0)).isEqualTo(Duration.ofMinutes(300));
        assertThat(increment.banTime(TEN_MINUTES, 7, 0)).isEqualTo(Duration.ofMinutes(300));
    }

    @Test
    void maxtimeCapsAndRndtimeIsAddedAfterTheCap() {
        BanTimeIncrement increment = formula(1, Duration.ofMinutes(30), Duration.ofMinutes(10));
        assertThat(increment.banTime(TEN_MINUTES, 1, 0)).isEqualTo(Duration.ofMinutes(20));
        assertThat(increment.banTime(TEN_MINUTES, 4, 0)).isEqualTo(Duration.ofMinutes(30));
        assertThat(increment.banTime(TEN_MINUTES, 4, 0.5)).isEqualTo(Duration.ofMinutes(35));
    }

    @Test
    void permanentBansAreNotIncreased() {
        assertThat(formula(2, null, null).banTime(Duration.ofSeconds(-1), 3, 0)).isEqualTo(Duration.ofSeconds(-1));
    }

    @Test
    void historyIsKeptForMaxtimeButAtLeastADay() {
        assertThat(formula(1, null, null).historyRetention()).isEqualTo(Duration.ofDays(1));
        assertThat(formula(1, Duration.ofHours(1), null).historyRetention()).isEqualTo(Duration.ofDays(1));
        assertThat(formula(1, Duration.ofDays(14), null).historyRetention()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void acceptsOnlyFail2bansDefaultFormula() {
        assertThat(BanTimeIncrement.isDefaultFormula("ban.Time*(1<<(ban.Count if ban.Count<20 else 20))*banFactor"))
                .isTrue();
        assertThat(BanTimeIncrement.isDefaultFormula("ban.Time * math.exp(float(ban.Count+1)*banFactor)"))
                .isFalse();
    }

    @Test
    void refusesNonPositiveFactorAndMaxtime() {
        assertThatThrownBy(() -> formula(0, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bantime.factor");
        assertThatThrownBy(() -> formula(1, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bantime.maxtime");
    }
}
