package io.fleetban.cli.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.testkit.corpus.Fail2banCorpus;
import io.fleetban.testkit.corpus.SampleLogCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fail2ban's sample corpus scored through {@code fleetban regex --json}, the command's own code path (filter lookup by
 * name in {@code --config-dir}, {@code --filter-option}, {@code --now}, {@code --timezone}, the log read from a file):
 * each filter's cases of one option set are written to a log in corpus order and checked against fail2ban's
 * annotation (match, host, time to the second).
 */
class Fail2banCorpusRegexTest {

    private static final double REQUIRED_RATIO = 0.995;
    private static final String TEST_NOW = "2005-08-14T12:00:00+02:00";

    @TempDir
    Path work;

    @Test
    void theCommandReportsFail2bansCorpusAsFail2banRegexDoes() throws IOException {
        final Optional<Fail2banCorpus> found = Fail2banCorpus.fromEnvironment();
        assumeTrue(found.isPresent(), "FAIL2BAN_HOME not set: fail2ban corpus test skipped");
        final Fail2banCorpus corpus = found.get();
        final Path filterDir = corpus.filterDir(work);
        final List<String> differences = new ArrayList<>();
        int total = 0;
        for (String filter : corpus.filtersWithSamples(filterDir)) {
            final Map<Map<String, String>, List<SampleLogCase>> runs = new LinkedHashMap<>();
            for (SampleLogCase c : corpus.cases(filter)) {
                runs.computeIfAbsent(c.options(), o -> new ArrayList<>()).add(c);
            }
            int run = 0;
            for (Map.Entry<Map<String, String>, List<SampleLogCase>> e : runs.entrySet()) {
                total += e.getValue().size();
                differences.addAll(score(filterDir, filter, run++, e.getKey(), e.getValue()));
            }
        }
        final double ratio = (double) (total - differences.size()) / total;
        assertThat(total).as("cases in fail2ban's corpus").isGreaterThan(1_000);
        assertThat(ratio)
                .as(
                        "identical to fail2ban-regex: %d of %d cases; differences:%n%s",
                        total - differences.size(), total, String.join("\n", differences))
                .isGreaterThanOrEqualTo(REQUIRED_RATIO);
    }

    private List<String> score(
            Path filterDir, String filter, int run, Map<String, String> options, List<SampleLogCase> cases)
            throws IOException {
        final Path log = work.resolve(filter + "-" + run + ".log");
        final StringBuilder text = new StringBuilder();
        cases.forEach(c -> text.append(c.line()).append('\n'));
        Files.writeString(log, text, StandardCharsets.UTF_8);
        final List<String> args = new ArrayList<>(List.of(
                "--json",
                "--now",
                TEST_NOW,
                "--timezone",
                Fail2banCorpus.TEST_ZONE.getId(),
                "--config-dir",
                filterDir.toString()));
        options.forEach((k, v) -> args.addAll(List.of("--filter-option", k + "=" + v)));
        args.addAll(List.of(log.toString(), filter));
        final RegexCli result = RegexCli.run(args.toArray(String[]::new));
        if (result.exitCode() != 0) {
            return cases.stream()
                    .map(c -> c.location() + ": exit " + result.exitCode() + " " + result.err())
                    .toList();
        }
        final List<Map<String, Object>> lines = result.jsonLines();
        final List<String> differences = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            final SampleLogCase c = cases.get(i);
            final Map<String, Object> line = i < lines.size() ? lines.get(i) : Map.of();
            difference(line, c).ifPresent(d -> differences.add(c.location() + ": " + d + "\n    " + c.line()));
        }
        return differences;
    }

    private static Optional<String> difference(Map<String, Object> line, SampleLogCase c) {
        final Object time = line.get("time");
        return c.difference(
                Boolean.TRUE.equals(line.get("match")),
                (String) line.get("host"),
                Optional.ofNullable(time).map(t -> Instant.ofEpochSecond(((Number) t).longValue())),
                line.toString(),
                IpAddress::parse);
    }
}
