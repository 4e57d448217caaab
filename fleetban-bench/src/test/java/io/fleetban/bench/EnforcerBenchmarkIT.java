package io.fleetban.bench;

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
 * {@code fleetban bench enforcer} at full size (100,000 bans), as the command runs it: it completes, every ban is in
 * the kernel, the firewall stayed healthy, and it prints its summary line. Its figures are the bench's to report,
 * not this test's to judge. Needs root with ipset and iptables; skipped otherwise.
 */
@Tag("integration")
@Timeout(300)
class EnforcerBenchmarkIT {

    @Test
    void shouldApplyOneHundredThousandBansAndReportEveryStage() throws Exception {
        final ProcessCommandRunner host = new ProcessCommandRunner(Duration.ofSeconds(10));
        assumeTrue(host.run(List.of("id", "-u"), "").stdout().strip().equals("0"), "needs root");
        assumeTrue(
                host.run(List.of("sh", "-c", "command -v ipset && command -v iptables"), "")
                        .succeeded(),
                "needs ipset and iptables");
        final ByteArrayOutputStream details = new ByteArrayOutputStream();

        final EnforcerBenchmark.Result result =
                EnforcerBenchmark.run(100_000, 1_000, 3, new PrintStream(details, true, StandardCharsets.UTF_8));

        assertThat(result.line())
                .matches("enforcer: 100000 bans active in \\d+ ms \\(one command per ban: \\d+ ms\\),"
                        + " reconcile \\d+ ms, drift check \\d+\\.\\d\\d% of a core");
        assertThat(details.toString(StandardCharsets.UTF_8)).contains("healthy true, repairs 0");
    }
}
