package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.shipper.filter.MatchResult.Failure;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RE_WRONG_GREED and the User-Agent injection it prevents. */
class GreedyHostLintTest {

    private static final String INJECTED =
            "2025-10-08 14:23:15 - IP: 198.51.100.7 - User-Agent: " + "curl - IP: 203.0.113.9 - User-Agent: x";

    @Test
    void seedFailregexIsFlagged() {
        assertThat(GreedyHostLint.check(JailFilterSeedTest.SEED_FAILREGEX))
                .hasValueSatisfying(w -> assertThat(w).contains("greedy").contains(GreedyHostLint.SAFE_FORM_HINT));
    }

    @Test
    void compiledSeedFilterCarriesTheWarning() {
        JailFilter seed = JailFilter.compile(
                JailFilterSeedTest.filter(List.of(JailFilterSeedTest.SEED_FAILREGEX), List.of()),
                JailFilterSeedTest.CLOCK);

        assertThat(seed.warnings()).singleElement().asString().contains(JailFilterSeedTest.SEED_FAILREGEX);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "^ - IP: <HOST> - User-Agent:",
                "^.*? - IP: <HOST> - User-Agent:",
                "^.* - IP: <HOST> - User-Agent: no catch-all, hard-anchored$"
            })
    void safeFormsAreNotFlagged(String regex) {
        assertThat(GreedyHostLint.check(regex)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"greedy .* test<HOST> test not hard-anchored", "greedy .+ test<HOST> test vary .* anchored$"})
    void fail2banOwnPositiveCasesAreFlagged(String regex) {
        assertThat(GreedyHostLint.check(regex)).isPresent();
    }

    @Test
    void seedFailregexCapturesTheInjectedAddress() {
        JailFilter seed = JailFilter.compile(
                JailFilterSeedTest.filter(List.of(JailFilterSeedTest.SEED_FAILREGEX), List.of()),
                JailFilterSeedTest.CLOCK);

        assertThat(seed.match(INJECTED))
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.ip()).isEqualTo(IpAddress.parse("203.0.113.9")));
    }

    @Test
    void safeFormCapturesTheRealSender() {
        JailFilter safe = JailFilter.compile(
                JailFilterSeedTest.filter(List.of("^ - IP: <HOST> - User-Agent:"), List.of()),
                JailFilterSeedTest.CLOCK);

        assertThat(safe.match(INJECTED))
                .isInstanceOfSatisfying(
                        Failure.class, f -> assertThat(f.ip()).isEqualTo(IpAddress.parse("198.51.100.7")));
    }
}
