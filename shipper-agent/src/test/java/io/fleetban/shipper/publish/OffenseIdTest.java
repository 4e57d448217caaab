package io.fleetban.shipper.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.shipper.tail.FileIdentity;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OffenseIdTest {

    private static final FileIdentity FILE = new FileIdentity("(dev=803,ino=1311)", "38-5f1c09aa");

    @Test
    void sameLineGivesTheSameIdOnEveryCall() {
        assertThat(OffenseId.of("web-1", "fail", FILE, 4096)).isEqualTo(OffenseId.of("web-1", "fail", FILE, 4096));
    }

    @Test
    void idIsPinnedSoThatAnUpgradeResendsTheSameIds() {
        // SHA-256 over length-prefixed host, jail, "fileKey#head" and the big-endian offset; first 16 bytes in hex.
        assertThat(OffenseId.of("web-1", "fail", FILE, 4096)).isEqualTo("4d9d951476c7c9878a73a263091c1725");
    }

    @Test
    void everyPartOfThePositionChangesTheId() {
        Set<String> ids = Set.of(
                OffenseId.of("web-1", "fail", FILE, 4096),
                OffenseId.of("web-2", "fail", FILE, 4096),
                OffenseId.of("web-1", "sshd", FILE, 4096),
                OffenseId.of("web-1", "fail", new FileIdentity("(dev=803,ino=1312)", "38-5f1c09aa"), 4096),
                OffenseId.of("web-1", "fail", new FileIdentity("(dev=803,ino=1311)", "40-00000001"), 4096),
                OffenseId.of("web-1", "fail", FILE, 4097));

        assertThat(ids).hasSize(6);
    }

    @Test
    void fieldBoundariesAreNotAmbiguous() {
        assertThat(OffenseId.of("web-1", "fail", FILE, 0)).isNotEqualTo(OffenseId.of("web-1f", "ail", FILE, 0));
    }
}
