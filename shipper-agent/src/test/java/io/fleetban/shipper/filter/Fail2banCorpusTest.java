package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.shipper.filter.MatchResult.Failure;
import io.fleetban.shipper.filter.MatchResult.Missed;
import io.fleetban.testkit.corpus.Fail2banCorpus;
import io.fleetban.testkit.corpus.SampleLogCase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs fleetban's filter engine over fail2ban's whole sample corpus with fail2ban's test clock (2005-08-14 12:00
 * CEST) and zone, and compares each case with fail2ban's annotation: match flag, host, time to the second.
 *
 * <p>Needs fail2ban's package at {@code FAIL2BAN_HOME} ({@link Fail2banCorpus}). One dynamic test per filter, named
 * after it, plus one that the whole corpus was read: a reader that lost filters or cases would leave fewer tests,
 * all green.
 */
class Fail2banCorpusTest {

    /** fail2ban 1.0's corpus has 1,627 annotated cases; far fewer means the corpus was not read whole. */
    private static final int MIN_CASES = 1_600;

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicNode> corpusCasesAreIdenticalToFail2ban() throws IOException {
        Optional<Fail2banCorpus> found = Fail2banCorpus.fromEnvironment();
        assumeTrue(found.isPresent(), "FAIL2BAN_HOME not set: fail2ban corpus test skipped");
        Fail2banCorpus corpus = found.get();
        Path filterDir = corpus.filterDir(work);
        List<DynamicNode> tests = new ArrayList<>();
        int total = 0;
        for (String filter : corpus.filtersWithSamples(filterDir)) {
            List<SampleLogCase> cases = corpus.cases(filter);
            List<String> diffs = runFilter(filterDir, filter, cases);
            total += cases.size();
            tests.add(DynamicTest.dynamicTest(filter, () -> {
                assertThat(cases).as("annotated cases of %s", filter).isNotEmpty();
                assertThat(diffs)
                        .as("cases of %s that differ from fail2ban", filter)
                        .isEmpty();
            }));
        }
        int read = total;
        tests.add(DynamicTest.dynamicTest(
                "the whole corpus is read",
                () -> assertThat(read)
                        .as("annotated cases read from %s", filterDir)
                        .isGreaterThanOrEqualTo(MIN_CASES)));
        return tests.stream();
    }

    private static List<String> runFilter(Path filterDir, String filter, List<SampleLogCase> cases) {
        Map<Map<String, String>, JailFilter> engines = new HashMap<>();
        List<String> diffs = new ArrayList<>();
        for (SampleLogCase c : cases) {
            JailFilter engine;
            try {
                engine = engines.computeIfAbsent(c.options(), opts -> compile(filterDir, filter, opts));
            } catch (RuntimeException e) {
                diffs.add(c.location() + ": filter does not compile: " + e.getMessage());
                continue;
            }
            compare(engine.match(c.line()), c).ifPresent(d -> diffs.add(c.location() + ": " + d + "\n    " + c.line()));
        }
        return diffs;
    }

    private static JailFilter compile(Path filterDir, String filter, Map<String, String> opts) {
        FilterDefinition read = FilterReader.read(filterDir, filter, opts);
        Map<String, String> options = new HashMap<>(read.options());
        options.putAll(opts); // logtype=journal decides how the engine reads lines
        FilterDefinition def = new FilterDefinition(
                read.name(),
                read.file(),
                read.failRegex(),
                read.ignoreRegex(),
                read.prefRegex(),
                read.datePattern(),
                read.maxLines(),
                read.journalMatch(),
                options);
        return JailFilter.compile(def, FilterClock.fixed(Fail2banCorpus.TEST_NOW, Fail2banCorpus.TEST_ZONE));
    }

    /** The difference from fail2ban's annotation, or empty when identical. */
    static Optional<String> compare(MatchResult result, SampleLogCase c) {
        boolean matched = false;
        String host = null;
        Instant time = null;
        if (result instanceof Failure f) {
            matched = true;
            host = f.fields().getOrDefault("fid", f.ip().canonical());
            time = f.time();
        } else if (result instanceof Missed m && m.capturedHost().isPresent()) {
            matched = true; // fail2ban reports host names and non-IP failure ids as failures; fleetban refuses to ban
            // them
            host = m.capturedHost().get();
            time = m.time().orElse(null);
        }
        return c.difference(matched, host, Optional.ofNullable(time), "(" + result + ")", IpAddress::parse);
    }
}
