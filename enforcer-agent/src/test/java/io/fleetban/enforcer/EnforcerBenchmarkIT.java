package io.fleetban.enforcer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetban.enforcer.backend.ProcessCommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
        final ProcessCommandRunner host = new ProcessCommandRunner(Duration.ofSeconds(10));
        assumeTrue(host.run(List.of("id", "-u"), "").stdout().strip().equals("0"), "needs root");
        assumeTrue(host.run(List.of("sh", "-c", "command -v ipset && command -v iptables"), "").succeeded(), "no ipset");
        final ByteArrayOutputStream details = new ByteArrayOutputStream();

        final EnforcerBenchmark.Result result = EnforcerBenchmark.run(100_000, 1_000,
                new PrintStream(details, true, StandardCharsets.UTF_8));

        System.out.print(details.toString(StandardCharsets.UTF_8));
        System.out.println(result.line());
        assertThat(result.line()).matches("enforcer: 100000 bans active in \\d+ ms \\(one command per ban: \\d+ ms\\), reconcile \\d+ ms");
        assertThat(result.oneCommandPerBanMillis()).isGreaterThan(10 * result.applyMillis());
    }
}
