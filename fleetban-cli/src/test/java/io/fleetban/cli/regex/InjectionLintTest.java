package io.fleetban.cli.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial filter's injection: a User-Agent containing {@code " - IP: 203.0.113.9 - User-Agent: x"} makes the
 * greedy {@code ^.* - IP: <HOST>} capture the injected address. {@code fleetban regex} warns about it and points to
 * examples/filter.d/fail-safe.conf, which captures the real sender.
 */
class InjectionLintTest {

    static final String ATTACKER = "198.51.100.7";
    static final String INNOCENT = "203.0.113.9";
    static final String INJECTED_LINE =
            "2025-10-08 14:23:16 - IP: " + ATTACKER + " - User-Agent: x - IP: " + INNOCENT + " - User-Agent: x\n";

    @TempDir
    Path dir;

    @Test
    void seedFilterGetsTheGreedWarningPointingToTheSafeForm() throws IOException {
        Path log = RegexCli.write(dir, "fail.log", INJECTED_LINE);

        RegexCli run = RegexCli.run(log.toString(), RegexCli.SEED_FILTER.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err())
                .startsWith("WARNING: failregex '^.* - IP: <HOST> - User-Agent:.*$' has a greedy")
                .contains("examples/filter.d/fail-safe.conf");
    }

    @Test
    void safeFilterGetsNoWarning() throws IOException {
        Path log = RegexCli.write(dir, "fail.log", INJECTED_LINE);

        RegexCli run = RegexCli.run(log.toString(), RegexCli.SAFE_FILTER.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void seedFilterCapturesTheInjectedAddressAndTheSafeFilterTheSender() throws IOException {
        Path log = RegexCli.write(dir, "fail.log", INJECTED_LINE);

        RegexCli seed = RegexCli.run("--json", "--timezone", "UTC", log.toString(), RegexCli.SEED_FILTER.toString());
        RegexCli safe = RegexCli.run("--json", "--timezone", "UTC", log.toString(), RegexCli.SAFE_FILTER.toString());

        assertThat(seed.jsonLines())
                .singleElement()
                .satisfies(m -> assertThat(m.get("host")).isEqualTo(INNOCENT));
        assertThat(safe.jsonLines())
                .singleElement()
                .satisfies(m -> assertThat(m.get("host")).isEqualTo(ATTACKER));
    }

    @Test
    void safeFilterStillMatchesTheTutorialsOrdinaryLines() throws IOException {
        Path log = RegexCli.write(dir, "fail.log", """
                2025-10-08 14:23:15 - IP: 127.0.0.1 - User-Agent: curl/7.81.0
                2025-10-08 14:23:15,123 - IP: 2001:db8::7 - User-Agent: Mozilla/5.0 (X11; Linux x86_64)
                """);

        RegexCli seed = RegexCli.run("--json", "--timezone", "UTC", log.toString(), RegexCli.SEED_FILTER.toString());
        RegexCli safe = RegexCli.run("--json", "--timezone", "UTC", log.toString(), RegexCli.SAFE_FILTER.toString());

        assertThat(safe.jsonLines())
                .isEqualTo(seed.jsonLines())
                .extracting(m -> m.get("host"))
                .containsExactly("127.0.0.1", "2001:db8::7");
    }
}
