package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetban.fail2ban.value.IpAddress;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldsTest {

    private final FieldNames names = new FieldNames();

    @Test
    void isTheMapOfTheCapturedValues() {
        String[] values = names.newValues();
        values[FieldNames.IP4] = "192.0.2.7";
        values[FieldNames.USER] = "";

        Fields fields = new Fields(names, values);

        assertThat(fields).isEqualTo(Map.of("ip4", "192.0.2.7", "user", ""));
        assertThat(fields.get("ip4")).isEqualTo("192.0.2.7");
        assertThat(fields.containsKey("fid")).isFalse();
        assertThat(fields.get("absent")).isNull();
        assertThat(fields.getOrDefault("fid", "x")).isEqualTo("x");
    }

    @Test
    void keepsItsOwnCopyAndCannotBeChanged() {
        String[] values = names.newValues();
        values[FieldNames.FID] = "a";
        Fields fields = new Fields(names, values);

        values[FieldNames.FID] = "b";

        assertThat(fields).containsExactly(Map.entry("fid", "a"));
        assertThatThrownBy(() -> fields.put("fid", "c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> fields.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theFailureKeepsItWithoutCopying() {
        Fields fields = new Fields(names, names.newValues());

        MatchResult.Failure failure = new MatchResult.Failure(IpAddress.parse("192.0.2.7"), Instant.EPOCH, fields);

        assertThat(failure.fields()).isSameAs(fields);
    }
}
