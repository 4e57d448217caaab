package io.fleetban.cli.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.filter.FilterDefinition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FILTER as fail2ban-regex reads it: a file, a filter name in the config dir (with [options]), or a regex. */
class FilterSourceTest {

    @TempDir
    Path config;

    @BeforeEach
    void writeFilters() throws IOException {
        RegexCli.write(config, "filter.d/common.conf", """
                [DEFAULT]
                _daemon = \\S*
                """);
        RegexCli.write(config, "filter.d/app.conf", """
                [INCLUDES]
                before = common.conf

                [Definition]
                mdre-normal = ^ %(_daemon)s auth failed from <HOST>$
                mdre-aggressive = ^ %(_daemon)s auth failed from <HOST>$
                                  ^ %(_daemon)s probe from <HOST>$
                failregex = <mdre-<mode>>

                [Init]
                mode = normal
                """);
    }

    private FilterDefinition resolve(String filter, Map<String, String> options) {
        return FilterSource.resolve(filter, Optional.empty(), options, config, false);
    }

    @Test
    void aNameIsReadFromFilterDotDWithItsIncludes() {
        FilterDefinition def = resolve("app", Map.of());

        assertThat(def.name()).isEqualTo("app");
        assertThat(def.file()).isEqualTo(config.resolve("filter.d/app.conf"));
        assertThat(def.failRegex()).containsExactly("^ \\S* auth failed from <HOST>$");
    }

    @Test
    void bracketOptionsAreFilterParametersAsInAJail() {
        assertThat(resolve("app[mode=aggressive]", Map.of()).failRegex()).hasSize(2);
    }

    @Test
    void filterOptionOverridesABracketOption() {
        assertThat(resolve("app[mode=aggressive]", Map.of("mode", "normal")).failRegex())
                .hasSize(1);
    }

    @Test
    void theConfigDirMayBeFilterDotDItselfAndTheNameMayCarryConf() {
        FilterDefinition def =
                FilterSource.resolve("app.conf", Optional.empty(), Map.of(), config.resolve("filter.d"), false);

        assertThat(def.name()).isEqualTo("app");
    }

    @Test
    void aFilePathWithOptionsIsReadWithThem() {
        String path = config.resolve("filter.d/app.conf") + "[mode=aggressive]";

        assertThat(resolve(path, Map.of()).failRegex()).hasSize(2);
    }

    @Test
    void anUnknownNameOrARegexIsAFailregex() {
        assertThat(resolve("nosuchfilter", Map.of()).failRegex()).containsExactly("nosuchfilter");
        assertThat(resolve("^ auth failed from <HOST>$", Map.of()).name()).isEqualTo(FilterSource.COMMAND_LINE);
    }

    @Test
    void jsonModeRefusesWhatIsNeitherAFilterFileNorAName() {
        assertThatThrownBy(() -> FilterSource.resolve("nosuchfilter", Optional.empty(), Map.of(), config, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filter file not found: nosuchfilter");
    }
}
