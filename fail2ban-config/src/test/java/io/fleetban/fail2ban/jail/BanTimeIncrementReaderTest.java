package io.fleetban.fail2ban.jail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.ConfigDir;
import io.fleetban.fail2ban.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code bantime.*} keys as JailsReader reads them into {@link JailPolicy#banTimeIncrement()}. */
class BanTimeIncrementReaderTest {
    private static final String JAIL = "[app]\nenabled = true\nfilter = app\nlogpath = /l\n";

    @TempDir
    Path tmp;

    private ConfigDir dir;

    @BeforeEach
    void setUp() {
        dir = new ConfigDir(tmp);
        dir.write("filter.d/app.conf", "[Definition]\nfailregex = ^Failed login from <HOST>$\n");
    }

    private BanTimeIncrement increment() {
        return assertThat(JailsReader.read(tmp, ServiceNames.builtIn()))
                .singleElement()
                .actual()
                .policy()
                .banTimeIncrement();
    }

    @Test
    void isOffByDefaultAsInFail2ban() {
        dir.write("jail.d/app.conf", JAIL);
        assertThat(increment()).isEqualTo(BanTimeIncrement.OFF);
    }

    @Test
    void readsEveryKeyFromTheJail() {
        dir.write("jail.d/app.conf", JAIL + """
                bantime.increment = true
                bantime.factor = 1.5
                bantime.multipliers = 1 2 4 8 16
                bantime.maxtime = 1w
                bantime.rndtime = 10m
                bantime.overalljails = yes
                """);
        assertThat(increment())
                .isEqualTo(new BanTimeIncrement(
                        true,
                        1.5,
                        List.of(1, 2, 4, 8, 16),
                        Optional.of(Duration.ofDays(7)),
                        Optional.of(Duration.ofMinutes(10)),
                        true));
    }

    @Test
    void inheritsKeysFromDefaultAndAcceptsFail2bansDefaultFormula() {
        dir.write("jail.conf", """
                [DEFAULT]
                bantime.increment = true
                bantime.formula = ban.Time * (1<<(ban.Count if ban.Count<20 else 20)) *  banFactor
                bantime.maxtime = 5h
                """);
        dir.write("jail.d/app.conf", JAIL);
        BanTimeIncrement increment = increment();
        assertThat(increment.enabled()).isTrue();
        assertThat(increment.multipliers()).isEmpty();
        assertThat(increment.maxTime()).contains(Duration.ofHours(5));
        assertThat(increment.overallJails()).isFalse();
    }

    @Test
    void refusesOtherPythonFormulasNamingFileLineSectionAndKey() {
        Path f = dir.write(
                "jail.d/app.conf",
                JAIL + "bantime.formula = ban.Time * math.exp(float(ban.Count+1)*banFactor)/math.exp(1*banFactor)\n");
        assertThatThrownBy(this::increment)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":5: [app] bantime.formula: fleetban does not evaluate Python formulas")
                .hasMessageContaining(BanTimeIncrement.DEFAULT_FORMULA);
    }

    @Test
    void badValuesNameFileLineSectionAndKey() {
        assertError("bantime.increment = sometimes", ":5: [app] bantime.increment: expected true/false");
        assertError("bantime.factor = x2", ":5: [app] bantime.factor: expected a positive number, found 'x2'");
        assertError("bantime.factor = 0", ":5: [app] bantime.factor: expected a positive number, found '0'");
        assertError("bantime.multipliers = 1 2 three", ":5: [app] bantime.multipliers: expected positive integers");
        assertError("bantime.multipliers = 1 0 4", ":5: [app] bantime.multipliers: expected positive integers");
        assertError("bantime.maxtime = 1x", ":5: [app] bantime.maxtime:");
        assertError("bantime.maxtime = -1", ":5: [app] bantime.maxtime: must be a positive time, found '-1'");
        assertError("bantime.rndtime = soon", ":5: [app] bantime.rndtime:");
        assertError("bantime.overalljails = all", ":5: [app] bantime.overalljails: expected true/false");
    }

    private void assertError(String line, String expected) {
        Path f = dir.write("jail.d/app.conf", JAIL + line + "\n");
        assertThatThrownBy(this::increment).isInstanceOf(ConfigException.class).hasMessageStartingWith(f + expected);
    }
}
