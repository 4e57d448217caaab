package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.fail2ban.filter.FilterDefinition;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A {@link JailFilter#copy} matches as a filter compiled again from the same definition: on its own thread, while the
 * filter it was copied from and other copies match other lines at the same time, and from a fresh state whatever the
 * original had matched before. The filter uses every search that holds a matcher: a leading greedy dot, a prefregex
 * ending with the rest of the line, a conditional with pruning, an ignoreregex and the date templates.
 */
class JailFilterCopyTest {

    private static final FilterClock CLOCK = FilterClock.fixed(Instant.parse("2025-10-08T13:00:00Z"), ZoneOffset.UTC);

    private static final FilterDefinition DEF = new FilterDefinition(
            "copy",
            Path.of("filter.d/copy.conf"),
            List.of(
                    "^.* - IP: <HOST> - User-Agent:.*$",
                    "^Failed \\S+ for (?P<cond_inv>invalid user )?<F-USER>(?P<cond_user>\\S+)|(?(cond_inv)(?:(?! from )"
                            + ".)*?|[^:]+)</F-USER> from <HOST>(?: port \\d+)?(?: ssh\\d*)?(?(cond_user): |(?:(?:(?!"
                            + " from ).)*)$)",
                    "^<F-NOFAIL>Accepted \\w+</F-NOFAIL> for \\S+ from <HOST>"),
            List.of("User-Agent: ignored$"),
            Optional.of("^(?:\\S+ sshd\\[\\d+\\]: )?<F-CONTENT>.+</F-CONTENT>$"),
            Optional.empty(),
            1,
            Optional.empty(),
            Map.of());

    @Test
    void copiesOnSeveralThreadsMatchAsFreshlyCompiledFilters() throws Exception {
        final List<String> lines = log(4_000);
        final List<String> expected = results(JailFilter.compile(DEF, CLOCK), lines);
        final JailFilter original = JailFilter.compile(DEF, CLOCK);
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<List<String>>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> results(original.copy(), lines)));
            }
            runs.add(pool.submit(() -> results(original, lines)));
            for (Future<List<String>> run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCopyStartsFreshWhateverItsOriginalMatchedBefore() {
        final List<String> lines = log(500);
        final JailFilter used = JailFilter.compile(DEF, CLOCK);
        results(used, lines);

        assertThat(results(used.copy(), lines))
                .containsExactlyElementsOf(results(JailFilter.compile(DEF, CLOCK), lines));
    }

    private static List<String> results(JailFilter filter, List<String> lines) {
        final List<String> results = new ArrayList<>(lines.size());
        for (String line : lines) {
            results.add(line + " -> " + filter.match(line));
        }
        return results;
    }

    /** Two date formats, date-less lines (which reuse a recent date), every failregex, ignored and missed lines. */
    private static List<String> log(int count) {
        final Random random = new Random(3);
        final List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final String iso = String.format("2025-10-08 12:%02d:%02d", i / 60 % 60, i % 60);
            final String syslog = String.format("Oct  8 12:%02d:%02d", i / 60 % 60, i % 60);
            final String ip = "203.0.113." + random.nextInt(255);
            lines.add(
                    switch (random.nextInt(8)) {
                        case 0 -> iso + " - IP: " + ip + " - User-Agent: curl";
                        case 1 -> iso + " - IP: " + ip + " - User-Agent: ignored";
                        case 2 -> syslog + " web sshd[7]: Failed password for invalid user git from " + ip + " port 22";
                        case 3 -> syslog + " web sshd[7]: Failed password for root from " + ip + " port 22 ssh2";
                        case 4 -> syslog + " web sshd[7]: Accepted publickey for deploy from " + ip;
                        case 5 -> "no date - IP: " + ip + " - User-Agent: curl";
                        case 6 -> syslog + " web cron[8]: session opened";
                        default -> iso + " - IP: not-an-address - User-Agent: x";
                    });
        }
        return lines;
    }
}
