package io.fleetban.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BanSetDigestTest {

    @Test
    void isIndependentOfOrderAndDuplicates() {
        assertThat(BanSetDigest.of(Stream.of("fail/203.0.113.7", "sshd/2001:db8::/64")))
                .isEqualTo(BanSetDigest.of(Stream.of("sshd/2001:db8::/64", "fail/203.0.113.7", "fail/203.0.113.7")));
    }

    @Test
    void differsWhenOneEntryDiffers() {
        assertThat(BanSetDigest.of(Stream.of("fail/203.0.113.7")))
                .isNotEqualTo(BanSetDigest.of(Stream.of("fail/203.0.113.8")))
                .isNotEqualTo(BanSetDigest.of(Stream.of("sshd/203.0.113.7")))
                .isNotEqualTo(BanSetDigest.of(Stream.of("fail/203.0.113.7", "fail/203.0.113.8")));
    }

    @Test
    void ofOneEntryIsItsSha256AndOfNoneIsZero() {
        assertThat(BanSetDigest.of(Stream.of("")))
                .as("SHA-256 of the empty string")
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(BanSetDigest.of(Stream.empty())).isEqualTo("0".repeat(64));
    }

    @Test
    void addingAndRemovingOneAtATimeGivesTheDigestOfTheSet() {
        final BanSetDigest digest = new BanSetDigest();
        digest.add("fail/203.0.113.7");
        digest.add("sshd/2001:db8::/64");
        digest.add("fail/203.0.113.8");
        digest.remove("fail/203.0.113.7");

        assertThat(digest.hex()).isEqualTo(BanSetDigest.of(Stream.of("fail/203.0.113.8", "sshd/2001:db8::/64")));
        digest.remove("fail/203.0.113.8");
        digest.remove("sshd/2001:db8::/64");
        assertThat(digest.hex())
                .as("back to the empty set, across the wrap-around")
                .isEqualTo("0".repeat(64));
    }
}
