package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class BenchFanoutCommandTest {

    private static BenchFanoutCommand parsed(String... args) {
        BenchFanoutCommand command = new BenchFanoutCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void shouldTimeAThousandSteadyBansAfterAHundredForTheWarmUp() {
        FanoutRun.Plan plan = parsed().plan();

        assertThat(plan.hosts()).isEqualTo(1000);
        assertThat(plan.warmUpBans()).isEqualTo(100);
        assertThat(plan.bans()).isEqualTo(1000);
        assertThat(plan.rate()).isEqualTo(5.0);
    }

    @Test
    void shouldTakeNoWarmUpButRefuseANegativeOne() {
        BenchFanoutCommand none = parsed("--warm-up-bans", "0");

        assertThatCode(none::validate).doesNotThrowAnyException();
        assertThat(none.plan().warmUpBans()).isZero();
        assertThatThrownBy(parsed("--warm-up-bans", "-1")::validate)
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--warm-up-bans, --burst and --storm-active at least 0");
    }

    @Test
    void shouldCountTheWarmUpsAddressesInTheBenchRange() {
        // 198.18.0.0/15 holds 131,072 addresses, one of them for the first ban that waits for the fleet.
        BenchFanoutCommand fits =
                parsed("--bans", "1000", "--burst", "0", "--storm-active", "100000", "--warm-up-bans", "30071");
        BenchFanoutCommand overflows =
                parsed("--bans", "1000", "--burst", "0", "--storm-active", "100000", "--warm-up-bans", "30072");

        assertThatCode(fits::validate).doesNotThrowAnyException();
        assertThatThrownBy(overflows::validate)
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--warm-up-bans + --bans + --burst + --storm-active must fit in");
    }
}
