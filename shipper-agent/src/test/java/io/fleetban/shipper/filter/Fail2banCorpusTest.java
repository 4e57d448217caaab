package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.fail2ban.value.IpAddress;
import io.fleetban.shipper.filter.MatchResult.Failure;
import io.fleetban.shipper.filter.MatchResult.Missed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * <p>Needs Debian's fail2ban package extracted at {@code FAIL2BAN_HOME} (GPL: fetched at test time, never committed):
 * {@code cd /tmp && apt-get download fail2ban && dpkg -x fail2ban_*.deb /tmp/fail2ban-pkg}, then
 * {@code FAIL2BAN_HOME=/tmp/fail2ban-pkg}. One dynamic test per filter, named after it, plus the overall
 * identical-case ratio (the target: at least 99% of 1,627 cases).
 */
class Fail2banCorpusTest {

  static final ZoneId FAIL2BAN_TEST_ZONE = ZoneId.of("CET"); // fail2ban's harness: TZ=CET-01CEST-02
  static final Instant FAIL2BAN_TEST_NOW = Instant.ofEpochSecond(1124013600L); // Sun Aug 14 12:00:00 CEST 2005
  private static final String PY_PACKAGE = "usr/lib/python3/dist-packages/fail2ban";
  private static final double REQUIRED_RATIO = 0.99;

  @TempDir
  Path work;

  @TestFactory
  Stream<DynamicNode> corpusCasesAreIdenticalToFail2ban() throws IOException {
    String home = System.getenv("FAIL2BAN_HOME");
    assumeTrue(home != null && !home.isBlank(), "FAIL2BAN_HOME not set: fail2ban corpus test skipped");
    Path root = Path.of(home);
    Path filterDir = filterDirWithTestFilters(root);
    Path logDir = root.resolve(PY_PACKAGE).resolve("tests/files/logs");
    Map<String, List<String>> differences = new LinkedHashMap<>();
    int total = 0;
    int identical = 0;
    for (String filter : filtersWithSamples(filterDir, logDir)) {
      List<SampleLogCase> cases = SampleLogReader.read(logDir, filter);
      List<String> diffs = runFilter(filterDir, filter, cases);
      total += cases.size();
      identical += cases.size() - diffs.size();
      differences.put(filter, diffs);
    }
    List<DynamicNode> tests = new ArrayList<>();
    differences.forEach((filter, diffs) -> tests.add(DynamicTest.dynamicTest(filter,
        () -> assertThat(diffs).as("cases of %s that differ from fail2ban", filter).isEmpty())));
    double ratio = total == 0 ? 0 : (double) identical / total;
    String summary = String.format("identical to fail2ban: %d of %d cases (%.2f%%)", identical, total, 100 * ratio);
    tests.add(DynamicTest.dynamicTest(summary, () -> assertThat(ratio).as(summary).isGreaterThanOrEqualTo(REQUIRED_RATIO)));
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
    FilterDefinition def = new FilterDefinition(read.name(), read.file(), read.failRegex(), read.ignoreRegex(),
        read.prefRegex(), read.datePattern(), read.maxLines(), read.journalMatch(), options);
    return JailFilter.compile(def, FilterClock.fixed(FAIL2BAN_TEST_NOW, FAIL2BAN_TEST_ZONE));
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
      matched = true; // fail2ban reports host names and non-IP failure ids as failures; fleetban refuses to ban them
      host = m.capturedHost().get();
      time = m.time().orElse(null);
    }
    if (matched != c.match()) {
      return Optional.of("match " + matched + ", fail2ban " + c.match() + " (" + result + ")");
    }
    if (!matched) {
      return Optional.empty();
    }
    if (c.host().isPresent() && !sameHost(c.host().get(), host)) {
      return Optional.of("host " + host + ", fail2ban " + c.host().get());
    }
    Optional<Instant> expected = c.expectedInstant(FAIL2BAN_TEST_ZONE);
    if (expected.isPresent() && (time == null || !expected.get().equals(time.truncatedTo(ChronoUnit.SECONDS)))) {
      return Optional.of("time " + time + ", fail2ban " + expected.get());
    }
    return Optional.empty();
  }

  private static boolean sameHost(String expected, String actual) {
    if (expected.equals(actual)) {
      return true;
    }
    try {
      return IpAddress.parse(expected).equals(IpAddress.parse(actual));
    } catch (IllegalArgumentException notBothAddresses) {
      return false; // a host name or failure id that differs in text
    }
  }

  /** Stock filter.d plus the harness's own zzz-* test filters, whose INCLUDES point back to the stock common.conf. */
  private Path filterDirWithTestFilters(Path root) throws IOException {
    Path dir = Files.createDirectories(work.resolve("filter.d"));
    try (Stream<Path> stock = Files.list(root.resolve("etc/fail2ban/filter.d"))) {
      for (Path p : (Iterable<Path>) stock::iterator) {
        if (Files.isRegularFile(p)) {
          Files.copy(p, dir.resolve(p.getFileName()));
        }
      }
    }
    try (Stream<Path> extra = Files.list(root.resolve(PY_PACKAGE).resolve("tests/config/filter.d"))) {
      for (Path p : (Iterable<Path>) extra::iterator) {
        if (p.getFileName().toString().startsWith("zzz-")) {
          String text = Files.readString(p).replaceAll("(?m)^before = .*common\\.conf", "before = common.conf");
          Files.writeString(dir.resolve(p.getFileName()), text);
        }
      }
    }
    return dir;
  }

  /** fail2ban's list: every *.conf except *common.conf that has a sample log. */
  private static List<String> filtersWithSamples(Path filterDir, Path logDir) throws IOException {
    try (Stream<Path> files = Files.list(filterDir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".conf") && !n.endsWith("common.conf"))
          .map(n -> n.substring(0, n.length() - ".conf".length()))
          .filter(n -> Files.isRegularFile(logDir.resolve(n)))
          .sorted()
          .toList();
    }
  }
}
