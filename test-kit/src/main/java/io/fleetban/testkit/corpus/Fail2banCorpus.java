package io.fleetban.testkit.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * fail2ban's annotated sample corpus, as its own harness runs it: the stock filter.d plus the harness's zzz-* test
 * filters, the sample logs, and the harness's clock (2005-08-14 12:00 CEST) and zone.
 *
 * <p>Needs Debian's fail2ban package extracted at {@code FAIL2BAN_HOME} (GPL: fetched at test time, never committed):
 * {@code cd /tmp && apt-get download fail2ban && dpkg -x fail2ban_*.deb /tmp/fail2ban-pkg}, then
 * {@code FAIL2BAN_HOME=/tmp/fail2ban-pkg}. Used by the engine's corpus test and by {@code fleetban regex}'s.
 */
public final class Fail2banCorpus {

    /** fail2ban's harness runs with TZ=CET-01CEST-02. */
    public static final ZoneId TEST_ZONE = ZoneId.of("CET");
    /** fail2ban's harness clock: Sun Aug 14 12:00:00 CEST 2005. */
    public static final Instant TEST_NOW = Instant.ofEpochSecond(1124013600L);

    private static final String PY_PACKAGE = "usr/lib/python3/dist-packages/fail2ban";

    private final Path home;

    private Fail2banCorpus(Path home) {
        this.home = home;
    }

    /** The corpus under {@code FAIL2BAN_HOME}, or empty when it is not set (the caller skips with a reason). */
    public static Optional<Fail2banCorpus> fromEnvironment() {
        String home = System.getenv("FAIL2BAN_HOME");
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(new Fail2banCorpus(Path.of(home)));
    }

    /** The sample logs' directory. */
    public Path logDir() {
        return home.resolve(PY_PACKAGE).resolve("tests/files/logs");
    }

    /**
     * Writes {@code work/filter.d}: stock filter.d plus the harness's own zzz-* test filters, whose INCLUDES point back
     * to the stock common.conf.
     *
     * @return that filter.d
     */
    public Path filterDir(Path work) throws IOException {
        Path dir = Files.createDirectories(work.resolve("filter.d"));
        try (Stream<Path> stock = Files.list(home.resolve("etc/fail2ban/filter.d"))) {
            for (Path p : (Iterable<Path>) stock::iterator) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, dir.resolve(p.getFileName()));
                }
            }
        }
        try (Stream<Path> extra = Files.list(home.resolve(PY_PACKAGE).resolve("tests/config/filter.d"))) {
            for (Path p : (Iterable<Path>) extra::iterator) {
                if (p.getFileName().toString().startsWith("zzz-")) {
                    String text =
                            Files.readString(p).replaceAll("(?m)^before = .*common\\.conf", "before = common.conf");
                    Files.writeString(dir.resolve(p.getFileName()), text);
                }
            }
        }
        return dir;
    }

    /** fail2ban's list: every *.conf in {@code filterDir} except *common.conf that has a sample log. */
    public List<String> filtersWithSamples(Path filterDir) throws IOException {
        try (Stream<Path> files = Files.list(filterDir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".conf") && !n.endsWith("common.conf"))
                    .map(n -> n.substring(0, n.length() - ".conf".length()))
                    .filter(n -> Files.isRegularFile(logDir().resolve(n)))
                    .sorted()
                    .toList();
        }
    }

    /** All cases of one filter's sample log. */
    public List<SampleLogCase> cases(String filter) {
        return SampleLogReader.read(logDir(), filter);
    }
}
