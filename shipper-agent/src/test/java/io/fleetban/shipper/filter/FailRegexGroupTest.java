package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link FailRegex#group} reports what {@link FailRegex#collectGroups} collects, alt_* merging included. */
class FailRegexGroupTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '#',
            value = {
                "^<F-MLFID>\\S+ </F-MLFID><F-CONTENT>.+</F-CONTENT>$ # web-1 Failed x",
                "^(?:<F-CONTENT>\\d+</F-CONTENT>|<F-ALT_CONTENT>\\w+</F-ALT_CONTENT>)$ # abc",
                "^(?:<F-CONTENT>\\d+</F-CONTENT>|<F-ALT_CONTENT>\\w+</F-ALT_CONTENT>)$ # 123",
                "^<F-CONTENT>\\d*</F-CONTENT>:<F-ALT_CONTENT>\\w*</F-ALT_CONTENT>$ # :abc",
                "^<F-CONTENT>\\d*</F-CONTENT>:<F-ALT_CONTENT>\\w*</F-ALT_CONTENT>$ # :",
                "^ruser=<F-ALT_USER>\\S*</F-ALT_USER> user=<F-USER>\\S*</F-USER>$ # ruser=bob user="
            })
    void groupIsTheCollectedValue(String regex, String line) {
        FieldNames names = new FieldNames();
        FailRegex r = FailRegex.compile(regex, false, true, names);
        assertThat(r.search(line)).isTrue();
        String[] values = names.newValues();
        r.collectGroups(values);
        Map<String, String> collected = new Fields(names, values);

        for (String name : new String[] {"content", "alt_content", "mlfid", "user", "alt_user", "absent"}) {
            assertThat(r.group(name)).as(name).isEqualTo(collected.get(name));
        }
    }
}
