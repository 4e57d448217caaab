package io.fleetban.shipper.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldNamesTest {

    @Test
    void theNamesTheFailureLogicReadsHaveFixedIndexes() {
        FieldNames names = new FieldNames();

        assertThat(names.indexOf("ip4")).isEqualTo(FieldNames.IP4);
        assertThat(names.indexOf("mlfid")).isEqualTo(FieldNames.MLFID);
        assertThat(names.register("content")).isEqualTo(FieldNames.CONTENT);
        assertThat(names.name(FieldNames.MLFPENDING)).isEqualTo("mlfpending");
    }

    @Test
    void otherNamesAreAppendedOnceAndSizeTheValues() {
        FieldNames names = new FieldNames();
        int before = names.newValues().length;

        int custom = names.register("alt_user_1");

        assertThat(names.register("alt_user_1")).isEqualTo(custom).isEqualTo(before);
        assertThat(names.name(custom)).isEqualTo("alt_user_1");
        assertThat(names.newValues()).hasSize(before + 1).containsOnlyNulls();
        assertThat(names.indexOf("absent")).isEqualTo(-1);
    }
}
