package io.fleetban.fail2ban;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetban.fail2ban.filter.FilterDefinition;
import io.fleetban.fail2ban.filter.FilterReader;
import io.fleetban.fail2ban.jail.JailDefinition;
import io.fleetban.fail2ban.jail.JailPolicy;
import io.fleetban.fail2ban.jail.JailsReader;
import io.fleetban.fail2ban.jail.PortRange;
import io.fleetban.fail2ban.jail.ServiceNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads a real fail2ban configuration (e.g. Debian's package, extracted:
 * {@code apt-get download fail2ban && dpkg -x fail2ban_*.deb /tmp/fail2ban-pkg}) named by the environment variable
 * {@value #ENV} ({@code /tmp/fail2ban-pkg/etc/fail2ban}). Skipped when the variable is not set: fail2ban's files are
 * GPL and are not part of this repository.
 */
class Fail2banDistributionTest {
    static final String ENV = "FAIL2BAN_CONFIG_DIR";
    /** A tag whose name contains {@code <mode>}, e.g. {@code <mdre-<mode>>}: its variants are the filter's modes. */
    private static final Pattern MODE_TAG = Pattern.compile("<([^<>\\s]*)<mode>([^<>\\s]*)>");

    private static Path f2b;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locate() {
        final String dir = System.getenv(ENV);
        assumeTrue(
                dir != null && !dir.isBlank(), ENV + " not set: skipping tests against a real fail2ban configuration");
        f2b = Path.of(dir);
        assumeTrue(Files.isRegularFile(f2b.resolve("jail.conf")), ENV + " has no jail.conf: " + f2b);
    }

    /** Include-only files: not filters on their own (fail2ban cannot load selinux-common alone either). */
    private static boolean includeOnly(String name) {
        return name.equals("common") || name.endsWith("-common");
    }

    @TestFactory
    Stream<DynamicTest> everyFilterLoadsInEveryMode() throws IOException {
        final Path filterDir = f2b.resolve("filter.d");
        final List<DynamicTest> tests = new ArrayList<>();
        final List<String> names = filterNames(filterDir);
        assertThat(names.stream().filter(n -> !includeOnly(n)))
                .as("stock filters")
                .hasSizeGreaterThanOrEqualTo(85);
        for (String name : names) {
            if (name.equals("selinux-common")) {
                tests.add(DynamicTest.dynamicTest(
                        name + " (include only, fails alone as in fail2ban)",
                        () -> assertThatThrownBy(() -> FilterReader.read(filterDir, name, Map.of()))
                                .isInstanceOf(ConfigException.class)
                                .hasMessageContaining("unknown reference %(_type)s")));
                continue;
            }
            for (String mode : modes(filterDir.resolve(name + ".conf"))) {
                final Map<String, String> options = mode.isEmpty() ? Map.of() : Map.of("mode", mode);
                tests.add(DynamicTest.dynamicTest(mode.isEmpty() ? name : name + "[mode=" + mode + "]", () -> {
                    final FilterDefinition f = FilterReader.read(filterDir, name, options);
                    if (!includeOnly(name)) {
                        assertThat(f.failRegex()).isNotEmpty();
                    }
                    assertThat(String.join("\n", f.failRegex()))
                            .doesNotContain("%(")
                            .doesNotContain("<mode>");
                }));
            }
        }
        return tests.stream();
    }

    private static List<String> filterNames(Path filterDir) throws IOException {
        try (Stream<Path> s = Files.list(filterDir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".conf"))
                    .map(n -> n.substring(0, n.length() - 5))
                    .sorted()
                    .toList();
        }
    }

    /** "" (the filter's own default) plus every value X for which an option named like {@code mdre-X} exists. */
    private static Set<String> modes(Path file) throws IOException {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final Set<String> modes = new TreeSet<>(Set.of(""));
        final Matcher tag = MODE_TAG.matcher(text);
        while (tag.find()) {
            final Matcher opt = Pattern.compile(
                            "(?m)^" + Pattern.quote(tag.group(1)) + "(\\w+)" + Pattern.quote(tag.group(2)) + "\\s*=")
                    .matcher(text);
            while (opt.find()) {
                modes.add(opt.group(1));
            }
        }
        return modes;
    }

    @Test
    void sshdAggressiveAddsTheDdosAndExtraRegexes() {
        final Path filterDir = f2b.resolve("filter.d");
        final List<String> normal =
                FilterReader.read(filterDir, "sshd", Map.of("mode", "normal")).failRegex();
        final FilterDefinition aggressive = FilterReader.read(filterDir, "sshd", Map.of("mode", "aggressive"));
        // the common regexes stay; aggressive = ddos + extra on top (its "-other" variant replaces normal's)
        assertThat(aggressive.failRegex())
                .contains(normal.get(0), normal.get(1))
                .anyMatch(r -> r.startsWith("^Did not receive identification string from <HOST>"))
                .anyMatch(r -> r.startsWith("^Unable to negotiate with <HOST>"));
        assertThat(normal).noneMatch(r -> r.contains("Did not receive identification string"));
        assertThat(aggressive.prefRegex())
                .get()
                .asString()
                .startsWith("^<F-MLFID>")
                .contains("sshd")
                .doesNotContain("<_daemon>");
        assertThat(aggressive.datePattern()).contains("{^LN-BEG}");
        assertThat(aggressive.journalMatch()).contains("_SYSTEMD_UNIT=sshd.service + _COMM=sshd");
        assertThat(aggressive.maxLines()).isEqualTo(1);
    }

    @Test
    void jailConfWithSshdEnabled() throws IOException {
        final Path dir = copyConfig();
        writeJailD(dir, "[sshd]\nenabled = true\n");
        final JailDefinition sshd = JailsReader.read(dir, ServiceNames.builtIn()).stream()
                .filter(j -> j.name().equals("sshd"))
                .findFirst()
                .orElseThrow();
        assertThat(sshd.policy()).isEqualTo(new JailPolicy(5, Duration.ofMinutes(10), Duration.ofMinutes(10)));
        assertThat(sshd.ports()).containsExactly(PortRange.of(22));
        assertThat(sshd.protocol()).isEqualTo("tcp");
        assertThat(sshd.filterName()).isEqualTo("sshd");
        assertThat(sshd.filterOptions()).containsEntry("mode", "normal");
        if (sshd.usesJournal()) {
            assertThat(sshd.logPaths()).isEmpty();
            assertThat(sshd.filterOptions()).containsEntry("logtype", "journal");
        } else {
            assertThat(sshd.logPaths()).as("sshd_log from paths-debian.conf").containsExactly("/var/log/auth.log");
            assertThat(sshd.filterOptions()).containsEntry("logtype", "file");
        }
        assertThat(sshd.blocktype()).isEqualTo("REJECT --reject-with icmp-port-unreachable");
        assertThat(sshd.ignoreIp()).isEmpty();
    }

    @Test
    void jailLocalSelectingSshdAggressive() throws IOException {
        final Path dir = copyConfig();
        writeJailD(
                dir,
                "[sshd]\nenabled = true\nmode = aggressive\nignoreip = 127.0.0.1/8 ::1\n"
                        + "[sshd-ddos]\nenabled = true\nfilter = sshd[mode=ddos]\nport = ssh,2222\nlogpath = %(sshd_log)s\n");
        final List<JailDefinition> jails = JailsReader.read(dir, ServiceNames.builtIn());
        final JailDefinition sshd =
                jails.stream().filter(j -> j.name().equals("sshd")).findFirst().orElseThrow();
        assertThat(sshd.filterOptions()).containsEntry("mode", "aggressive");
        assertThat(sshd.ignoreIp()).hasSize(2);
        final FilterDefinition f = FilterReader.read(dir.resolve("filter.d"), sshd.filterName(), sshd.filterOptions());
        assertThat(f.failRegex()).anyMatch(r -> r.startsWith("^Did not receive identification string from <HOST>"));
        final JailDefinition ddos = jails.stream()
                .filter(j -> j.name().equals("sshd-ddos"))
                .findFirst()
                .orElseThrow();
        assertThat(ddos.filterOptions()).containsEntry("mode", "ddos");
        assertThat(ddos.ports()).containsExactly(PortRange.of(22), PortRange.of(2222));
    }

    @Test
    void everyStockJailResolvesWhenEnabled() throws IOException {
        final Path dir = copyConfig();
        final List<String> sections = new ArrayList<>();
        final Matcher m = Pattern.compile("(?m)^\\[([^\\]]+)]").matcher(Files.readString(dir.resolve("jail.conf")));
        while (m.find()) {
            if (!m.group(1).equals("INCLUDES") && !m.group(1).equals("DEFAULT")) {
                sections.add(m.group(1));
            }
        }
        final StringBuilder enableAll = new StringBuilder();
        sections.forEach(s -> enableAll.append('[').append(s).append("]\nenabled = true\n"));
        writeJailD(dir, enableAll.toString());
        final List<JailDefinition> jails = JailsReader.read(dir, ServiceNames.builtIn());
        assertThat(jails).extracting(JailDefinition::name).containsExactlyElementsOf(sections);
        assertThat(jails).allSatisfy(j -> assertThat(j.blocktype()).isNotBlank());
        for (JailDefinition j : jails) {
            FilterReader.read(dir.resolve("filter.d"), j.filterName(), j.filterOptions());
        }
    }

    /** A private copy, so the extracted package is never written to. */
    private Path copyConfig() throws IOException {
        final Path dir = tmp.resolve("fail2ban");
        try (Stream<Path> files = Files.walk(f2b)) {
            for (Path p : files.toList()) {
                final Path target = dir.resolve(f2b.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return dir;
    }

    private static void writeJailD(Path dir, String text) throws IOException {
        Files.createDirectories(dir.resolve("jail.d"));
        Files.writeString(dir.resolve("jail.d/zz-fleetban-test.local"), text, StandardCharsets.UTF_8);
    }
}
