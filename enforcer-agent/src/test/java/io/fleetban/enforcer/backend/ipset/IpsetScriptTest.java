package io.fleetban.enforcer.backend.ipset;

import static io.fleetban.enforcer.backend.BanFixtures.NOW;
import static io.fleetban.enforcer.backend.BanFixtures.banFor;
import static io.fleetban.enforcer.backend.BanFixtures.key;
import static io.fleetban.enforcer.backend.BanFixtures.permanent;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpsetScriptTest {

    private static final IpsetScript.CreateLine CREATE =
            (set, family) -> "create " + set + " hash:net family " + family.ipsetFamily();

    @Test
    void shouldRenderDeletesBeforeAddsWithRemainingTimeouts() {
        final String script = IpsetScript.render(
                List.of(key("fail", "203.0.113.9")),
                List.of(
                        banFor("fail", "198.51.100.2", 60),
                        permanent("fail", "203.0.113.0/24"),
                        banFor("sshd", "2001:db8::7", 3600)),
                NOW,
                CREATE);

        assertThat(script).isEqualTo("""
                create fleetban-fail-v4 hash:net family inet
                del fleetban-fail-v4 203.0.113.9
                add fleetban-fail-v4 198.51.100.2 timeout 60
                add fleetban-fail-v4 203.0.113.0/24 timeout 0
                create fleetban-sshd-v6 hash:net family inet6
                add fleetban-sshd-v6 2001:db8::7 timeout 3600
                """);
    }

    @Test
    void shouldCreateEachSetOnceBeforeItsFirstLine() {
        final String script = IpsetScript.render(
                List.of(key("fail", "2001:db8::9")),
                List.of(banFor("fail", "198.51.100.2", 60), banFor("fail", "2001:db8::7", 5)),
                NOW,
                CREATE);

        assertThat(script).isEqualTo("""
                create fleetban-fail-v6 hash:net family inet6
                del fleetban-fail-v6 2001:db8::9
                create fleetban-fail-v4 hash:net family inet
                add fleetban-fail-v4 198.51.100.2 timeout 60
                add fleetban-fail-v6 2001:db8::7 timeout 5
                """);
    }

    @Test
    void shouldRenderNothingForAnEmptyBatch() {
        assertThat(IpsetScript.render(List.of(), List.of(), NOW, CREATE)).isEmpty();
    }

    @Test
    void shouldParseOnlyTheEntriesOfTheNamedSetFromIpsetSave() {
        final String save = """
                create fleetban-fail-v4 hash:net family inet hashsize 1024 maxelem 1000 timeout 0 bucketsize 12
                add fleetban-fail-v4 198.51.100.2 timeout 29
                add fleetban-fail-v4 10.0.0.0/8 timeout 0
                add fleetban-fail-v4x 198.51.100.3 timeout 5
                """;

        assertThat(IpsetScript.parseSave("fleetban-fail-v4", save)).containsExactly("198.51.100.2", "10.0.0.0/8");
    }
}
