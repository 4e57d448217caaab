package io.fleetban.enforcer;

import static io.fleetban.enforcer.backend.RootAssumptions.assumeRootWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The enforcer benchmark at full size (100,000 bans), as {@code fleetban bench enforcer} runs it. The issue's
 * targets (2 s to apply, 5 s to reconcile) are printed, not asserted: on a shared CI machine wall-clock time
 * follows the load. Asserted: every ban is in the kernel, and one batch beats one command per ban.
 */
@Tag("integration")
@Timeout(300)
class EnforcerBenchmarkIT {

    @Test
    void shouldApplyOneHundredThousandBansInOneBatchFarFasterThanOneCommandPerBan() throws Exception {
        assumeRootWith("ipset", "iptables");
        final ByteArrayOutputStream details = new ByteArrayOutputStream();

        final EnforcerBenchmark.Result result = EnforcerBenchmark.run(100_000, 1_000, 3,
                new PrintStream(details, true, StandardCharsets.UTF_8));

        System.out.print(details.toString(StandardCharsets.UTF_8));
        System.out.println(result.line());
        assertThat(result.line()).matches("enforcer: 100000 bans active in \\d+ ms \\(one command per ban: \\d+ ms\\), reconcile \\d+ ms,"
                + " drift check \\d+\\.\\d\\d% of a core");
        assertThat(details.toString(StandardCharsets.UTF_8)).contains("healthy true, repairs 0");
        assertThat(result.oneCommandPerBanMillis()).isGreaterThan(10 * result.applyMillis());
    }
}
