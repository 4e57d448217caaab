package io.fleetban.fail2ban.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpTextTest {

    @ParameterizedTest
    @CsvSource({
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:DB8:0:0:1:0:0:1,                    2001:db8::1:0:0:1", // first of two equal runs
        "2001:db8:0:0:0:1:0:0,                    2001:db8::1:0:0", // the longer run, not the first
        "2001:db8:0:1:1:1:1:1,                    2001:db8:0:1:1:1:1:1", // one zero group stays
        "0:0:0:0:0:0:0:0,                         ::",
        "0:0:0:0:0:0:0:1,                         ::1",
        "fe80:0:0:0:0:0:0:0,                      fe80::",
        "2001:db8:ffff:0:0:0:0:2,                 2001:db8:ffff::2",
        "198.51.100.7,                            198.51.100.7"
    })
    void shouldWriteTheRfc5952Form(String literal, String expected) throws Exception {
        assertThat(IpText.of(InetAddress.getByName(literal))).isEqualTo(expected);
    }

    @Test
    void shouldReadBackAsTheSameAddressWithRunsOfZeroGroupsAnywhere() throws Exception {
        SplittableRandom random = new SplittableRandom(5952);
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[16];
            for (int group = 0; group < 8; group++) {
                // Mostly zero groups, so runs of every length and position occur.
                int value = random.nextInt(3) == 0 ? random.nextInt(0x10000) : 0;
                bytes[2 * group] = (byte) (value >> 8);
                bytes[2 * group + 1] = (byte) value;
            }
            InetAddress address = InetAddress.getByAddress(bytes);
            String text = IpText.of(address);

            assertThat(InetAddress.getByName(text)).as(text).isEqualTo(address);
            assertThat(text).as("at most one ::").doesNotContain(":::");
            assertThat(text.indexOf("::")).as(text).isEqualTo(text.lastIndexOf("::"));
        }
    }
}
