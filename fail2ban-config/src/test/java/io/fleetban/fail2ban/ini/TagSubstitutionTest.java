package io.fleetban.fail2ban.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TagSubstitutionTest {

    private static Map<String, String> ordered(String... kv) {
        final Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void nestedTagsResolveInsideOutThroughTheFallback() {
        final Map<String, String> definition =
                Map.of("mdre-normal", "", "mdre-aggressive", "^ddos <HOST>$\n^extra <HOST>$");
        final Map<String, String> out = TagSubstitution.substitute(
                ordered("failregex", "^common <HOST>$\n<mdre-<mode>>", "mode", "aggressive"),
                Set.of(),
                definition::get,
                "sshd.conf");
        assertThat(out.get("failregex")).isEqualTo("^common <HOST>$\n^ddos <HOST>$\n^extra <HOST>$");
    }

    @Test
    void unknownTagsAndRegexTagsStayInPlace() {
        final Map<String, String> out = TagSubstitution.substitute(
                ordered("failregex", "^<F-USER>\\S+</F-USER> from <HOST> <\\d+> <__prefix>", "__prefix", "P"),
                Set.of(),
                t -> null,
                "f.conf");
        assertThat(out.get("failregex")).isEqualTo("^<F-USER>\\S+</F-USER> from <HOST> <\\d+> P");
    }

    @Test
    void tagsChainAcrossOptions() {
        final Map<String, String> out = TagSubstitution.substitute(
                ordered("a", "<b>-a", "b", "<c>-b", "c", "c"), Set.of(), t -> null, "f.conf");
        assertThat(out).containsEntry("a", "c-b-a").containsEntry("b", "c-b");
    }

    @Test
    void ignoredNamesAreNeitherSubstitutedNorUsed() {
        final Map<String, String> out =
                TagSubstitution.substitute(ordered("a", "<b>", "b", "x"), Set.of("b"), t -> "fallback", "f.conf");
        assertThat(out.get("a")).isEqualTo("<b>");
    }

    @Test
    void selfReferenceIsAnError() {
        assertThatThrownBy(() -> TagSubstitution.substitute(ordered("a", "x<a>"), Set.of(), t -> null, "f.conf"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("f.conf")
                .hasMessageContaining("<a>");
        assertThatThrownBy(() ->
                        TagSubstitution.substitute(ordered("a", "<b>", "b", "<a>"), Set.of(), t -> null, "f.conf"))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void inputIsNotModified() {
        final Map<String, String> in = ordered("a", "<b>", "b", "x");
        TagSubstitution.substitute(in, Set.of(), t -> null, "f.conf");
        assertThat(in).containsEntry("a", "<b>");
    }
}
