package io.fleetban.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.ConfigException;
import io.fleetban.fail2ban.ini.IniFile;
import io.fleetban.fail2ban.ini.IniValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigDefTest {

    private static final Path FILE = Path.of("/etc/fleetban/fleetban.conf");

    private static final ConfigDef AGENT = ConfigDef.section("agent")
            .define("host.id", HostId.TYPE, HostId.DEFAULT, "this host")
            .define("poll.interval", ValueTypes.durationIn("1ms", "10s"), Default.of("10ms"), "how often")
            .define("max.entries", ValueTypes.intIn(1, 100), Default.of("50"), "how many")
            .define("metrics.listen", ValueTypes.STRING, Default.none("none (off)"), "where")
            .defineSecret("password", ValueTypes.STRING, Default.none(), "a secret")
            .retired("poll.interval.ms", value -> "renamed to poll.interval (e.g. " + value + "ms)");

    private static final ConfigDef SHARED = ConfigDef.section("shared")
            .define("servers", ValueTypes.STRING, Default.required(), "required")
            .defineFleetWide("prefix", ValueTypes.STRING, Default.of("p."), "same everywhere")
            .passThrough("anything", "handed on");

    private static IniFile ini(String... lines) {
        return IniFile.parse(FILE, List.of(lines));
    }

    @Test
    void unsetKeysTakeTheirDefaultsAndSayWhereTheyCameFrom() {
        SectionValues values = AGENT.parse(ini("[agent]", "max.entries = 7"));

        assertThat(values.duration("poll.interval")).isEqualTo(Duration.ofMillis(10));
        assertThat(values.integer("max.entries")).isEqualTo(7);
        assertThat(values.<String>optional("metrics.listen")).isEmpty();
        assertThat(values.origin("poll.interval")).isEqualTo(Origin.DEFAULT);
        assertThat(values.origin("max.entries")).hasToString(FILE + ":2");
        assertThat(values.isSet("max.entries")).isTrue();
    }

    @Test
    void aBlankValueMeansTheDefault() {
        SectionValues values = AGENT.parse(ini("[agent]", "poll.interval =", "max.entries =   ; documented only"));

        assertThat(values.duration("poll.interval")).isEqualTo(Duration.ofMillis(10));
        assertThat(values.integer("max.entries")).isEqualTo(50);
        assertThat(values.isSet("poll.interval")).isFalse();
    }

    @Test
    void aBlankRequiredKeyIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> SHARED.parse(ini("[shared]", "servers =")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(FILE + ":2: [shared] servers: is required (string)");
        assertThatThrownBy(() -> SHARED.parse(ini("[other]")))
                .hasMessage(FILE + ": [shared] servers: is required (string)");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> AGENT.parse(ini("[agent]", "", "pol.interval = 1s")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(FILE + ":3: [agent] pol.interval: unknown key; known keys: host.id, max.entries,"
                        + " metrics.listen, password, poll.interval");
    }

    @Test
    void aRetiredKeyIsRefusedWithItsReplacement() {
        assertThatThrownBy(() -> AGENT.parse(ini("[agent]", "poll.interval.ms = 20")))
                .hasMessage(FILE + ":2: [agent] poll.interval.ms: renamed to poll.interval (e.g. 20ms)");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedAtItsLine() {
        assertThatThrownBy(() -> AGENT.parse(ini("[agent]", "max.entries = many")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(FILE + ":2: [agent] max.entries: not a whole number: 'many'");
        assertThatThrownBy(() -> AGENT.parse(ini("[agent]", "max.entries = 101")))
                .hasMessage(FILE + ":2: [agent] max.entries: 101 is out of range 1..100");
        assertThatThrownBy(() -> AGENT.parse(ini("[agent]", "poll.interval = 11s")))
                .hasMessage(FILE + ":2: [agent] poll.interval: '11s' is out of range 1ms..10s");
    }

    @Test
    void hostIdIsPatternCheckedAndDefaultsToThisHostsName() {
        assertThat(AGENT.parse(ini("[agent]", "host.id = web-1.example.net")).<String>get("host.id"))
                .isEqualTo("web-1.example.net");
        assertThat(AGENT.parse(ini("[agent]", "host.id =")).<String>get("host.id"))
                .isEqualTo(HostId.ofThisHost())
                .matches("[A-Za-z0-9][A-Za-z0-9._:@-]*");
        assertThatThrownBy(() -> AGENT.parse(ini("[agent]", "host.id = web 1")))
                .hasMessage(FILE + ":2: [agent] host.id: 'web 1' is not a host id (letters, digits, . _ : @ -, at"
                        + " most 253 characters)");
        assertThatThrownBy(() -> HostId.parse("-leading-dash")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostId.parse("x".repeat(254))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOverrideSectionReplacesKeysAndItsBlankStandsForTheDefault() {
        Map<String, IniValue> base = Map.of(
                "servers",
                new IniValue("a:1", FILE, 2),
                "sasl",
                new IniValue("base", FILE, 3),
                "ssl",
                new IniValue("on", FILE, 4));
        Map<String, IniValue> over = Map.of("sasl", new IniValue("mine", FILE, 7), "ssl", new IniValue("", FILE, 8));

        SectionValues values = SHARED.parse(FILE.toString(), base, "shared.agent", over);

        assertThat(values.passedThrough()).containsExactly(Map.entry("sasl", "mine"));
        assertThat(values.origin("servers")).hasToString(FILE + ":2");
        assertThat(values.entries())
                .filteredOn(e -> e.key().equals("sasl"))
                .singleElement()
                .satisfies(e -> assertThat(e.origin()).hasToString(FILE + ":7 [shared.agent]"));
    }

    @Test
    void aFleetWideKeyIsRefusedInAnOverrideSection() {
        assertThatThrownBy(() -> SHARED.parse(
                        "src",
                        Map.of("servers", IniValue.synthetic("a:1")),
                        "shared.agent",
                        Map.of("prefix", IniValue.synthetic("x."))))
                .hasMessage("src: [shared.agent] prefix: is the same for every agent: set it in [shared] only");
    }

    @Test
    void entriesListEveryKeyWithItsTextAndMarkSecrets() {
        SectionValues values = AGENT.parse(ini("[agent]", "password = hunter2", "host.id = h1"));

        assertThat(values.entries())
                .extracting(SectionValues.Entry::key)
                .containsExactly("host.id", "poll.interval", "max.entries", "metrics.listen", "password");
        assertThat(values.entries())
                .filteredOn(SectionValues.Entry::secret)
                .extracting(SectionValues.Entry::key)
                .containsExactly("password");
        assertThat(values.entries())
                .filteredOn(e -> e.key().equals("metrics.listen"))
                .singleElement()
                .satisfies(e -> assertThat(e.unset()).isEqualTo("none (off)"));
        assertThat(values.<String>optional("password")).isEqualTo(Optional.of("hunter2"));
    }

    @Test
    void aKeyDefinedTwiceIsAProgrammingError() {
        assertThatThrownBy(() -> AGENT.define("max.entries", ValueTypes.STRING, Default.none(), "again"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defined twice");
    }
}
