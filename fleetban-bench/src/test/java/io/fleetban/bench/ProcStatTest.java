package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A child's CPU time, counted once it has been waited for, with what it waited for itself. */
class ProcStatTest {

    private static final long TICK_NANOS = 10_000_000L;

    @Test
    void shouldCountAWaitedForChildsCpuTimeAndItsOwnChildrensToo() throws Exception {
        final long before = ProcStat.self().reapedChildrenNanos();
        // The shell spins, runs a child that spins too, then prints its own /proc stat line: utime, stime and (for
        // the child it waited for) cutime, cstime, all in ticks; the count here must hold at least all of them.
        final Process shell = new ProcessBuilder(List.of(
                        "sh",
                        "-c",
                        "spin() { i=0; while [ $i -lt 60000 ]; do i=$((i+1)); done; }; spin;"
                                + " sh -c 'i=0; while [ $i -lt 60000 ]; do i=$((i+1)); done'; spin; cat /proc/$$/stat"))
                .redirectErrorStream(true)
                .start();
        final String stat = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(shell.waitFor()).isZero();
        final long counted = ProcStat.self().reapedChildrenNanos() - before;

        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        final long selfTicks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        final long childTicks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        assertThat(childTicks).as("the inner shell spun").isPositive();
        assertThat(counted).isGreaterThanOrEqualTo((selfTicks + childTicks) * TICK_NANOS);
    }
}
