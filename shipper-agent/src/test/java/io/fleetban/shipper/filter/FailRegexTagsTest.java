package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each fail2ban tag, expanded and compiled, captures what fail2ban's groups capture. */
class FailRegexTagsTest {

    private static Map<String, String> groups(String regex, String text) {
        FieldNames names = new FieldNames();
        FailRegex r = FailRegex.compile(regex, false, true, names);
        assertThat(r.search(text)).as("%s should match %s", regex, text).isTrue();
        String[] values = names.newValues();
        r.collectGroups(values);
        return new Fields(names, values);
    }

    @ParameterizedTest
    @CsvSource({
        "'from 192.0.2.7 port', ip4, 192.0.2.7",
        "'from ::ffff:192.0.2.7 port', ip4, 192.0.2.7",
        "'from 2001:db8::1 port', ip6, 2001:db8::1",
        "'from [2001:db8::1] port', ip6, 2001:db8::1",
        "'from host.example port', dns, host.example"
    })
    void hostCapturesAddressesAndNames(String line, String group, String value) {
        assertThat(groups("from <HOST> port", line)).containsEntry(group, value);
    }

    @Test
    void hostWithUseDnsNoIsAddressOnlyAsInFail2ban() {
        assertThat(FailRegex.compile("^from <HOST> port", false, false, new FieldNames())
                        .search("from host.example port"))
                .isFalse();
        assertThat(FailRegex.compile("^from <HOST> port", false, false, new FieldNames())
                        .search("from 192.0.2.7 port"))
                .isTrue();
    }

    @Test
    void addrNeverCapturesAName() {
        assertThat(FailRegex.compile("^from <ADDR> port", false, true, new FieldNames())
                        .search("from host.example port"))
                .isFalse();
        assertThat(groups("^from <ADDR> port", "from 192.0.2.7 port")).containsEntry("ip4", "192.0.2.7");
    }

    @Test
    void ip4Ip6AndDnsAreSeparate() {
        assertThat(groups("^<IP4>$", "192.0.2.1")).containsEntry("ip4", "192.0.2.1");
        assertThat(groups("^<IP6>$", "2001:db8::2")).containsEntry("ip6", "2001:db8::2");
        assertThat(groups("^<DNS>$", "mail.example.org")).containsEntry("dns", "mail.example.org");
        assertThat(FailRegex.compile("^<IP4>$", false, true, new FieldNames()).search("2001:db8::2"))
                .isFalse();
    }

    @Test
    void subnetAndCidr() {
        assertThat(groups("^<SUBNET>$", "192.0.2.0/24"))
                .containsEntry("ip4", "192.0.2.0")
                .containsEntry("cidr", "24");
        assertThat(groups("^<ADDR>/<CIDR>$", "2001:db8::/32"))
                .containsEntry("ip6", "2001:db8::")
                .containsEntry("cidr", "32");
    }

    @Test
    void failureIdUserAndCustomTags() {
        assertThat(groups("^session <F-ID/> for <F-USER>\\w+</F-USER> <F-SRC>\\S+</F-SRC>$", "session abc-1 for bob x"))
                .containsEntry("fid", "abc-1")
                .containsEntry("user", "bob")
                .containsEntry("src", "x");
    }

    @Test
    void altGroupFillsItsTargetOnlyWhenEmpty() {
        String regex = "^(?:user <F-USER>\\w+</F-USER>|login <F-ALT_USER>\\w+</F-ALT_USER>) from <HOST>$";
        assertThat(groups(regex, "login alice from 192.0.2.1")).containsEntry("user", "alice");
        assertThat(groups(regex, "user bob from 192.0.2.1")).containsEntry("user", "bob");
    }

    @Test
    void contentNofailAndMultiLineTagsBecomeGroups() {
        String expanded = FailRegexTags.expand(
                "<F-MLFID>a</F-MLFID><F-NOFAIL>b</F-NOFAIL><F-MLFFORGET>c</F-MLFFORGET><F-MLFGAINED>d</F-MLFGAINED>"
                        + "<F-CONTENT>.+</F-CONTENT>");
        assertThat(expanded).isEqualTo("(?P<mlfid>a)(?P<nofail>b)(?P<mlfforget>c)(?P<mlfgained>d)(?P<content>.+)");
    }

    @Test
    void closingTagWithoutOpenTagAndUnknownTagsStayLiteral() {
        assertThat(FailRegexTags.expand("a </F-USER> <unknown>")).isEqualTo("a </F-USER> <unknown>");
    }

    @Test
    void skipLinesTagSpansLines() {
        assertThat(FailRegexTags.expand("a<SKIPLINES>b")).isEqualTo("a\\n(?P<skiplines0>(?:(?:.*\\n)*?))b");
    }

    @Test
    void failregexWithoutFailureIdIsRejectedByTheFilter() {
        assertThatThrownBy(() -> JailFilter.compile(
                        JailFilterSeedTest.filter(java.util.List.of("^no host here$"), java.util.List.of()),
                        JailFilterSeedTest.CLOCK))
                .hasMessageContaining("No failure-id group");
    }
}
