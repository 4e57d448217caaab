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
                .isNotEqualTo(BanSetDigest.of(Stream.of("sshd/203.0.113.7")));
    }

    @Test
    void theEmptySetIsSha256OfNothing() {
        assertThat(BanSetDigest.of(Stream.empty()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
