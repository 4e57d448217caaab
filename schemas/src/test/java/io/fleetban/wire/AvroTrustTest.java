package io.fleetban.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetban.avro.BanSource;
import io.fleetban.avro.Offense;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Surefire trusts io.fleetban.avro by system property; production relies on {@link AvroTrust}. These tests replace
 * Avro's global validator with its built-in defaults (which do not trust us) and restore it afterwards.
 */
class AvroTrustTest {

    private ClassSecurityPredicate saved;

    @BeforeEach
    void untrustFleetban() {
        saved = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT_TRUSTED_CLASSES);
    }

    @AfterEach
    void restore() {
        ClassSecurityValidator.setGlobal(saved);
    }

    @Test
    void trustsTheGeneratedPackageOnly() {
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(Offense.class)).isFalse();

        AvroTrust.trustFleetbanClasses();

        assertThat(ClassSecurityValidator.getGlobal().isTrusted(Offense.class)).isTrue();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(BanSource.class))
                .isTrue();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(String.class)).isTrue();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(java.io.File.class))
                .isFalse();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(AvroTrust.class))
                .isFalse();
    }

    @Test
    void secondCallChangesNothing() {
        AvroTrust.trustFleetbanClasses();
        ClassSecurityPredicate afterFirst = ClassSecurityValidator.getGlobal();

        AvroTrust.trustFleetbanClasses();

        assertThat(ClassSecurityValidator.getGlobal()).isSameAs(afterFirst);
    }

    @Test
    void aDeserializerTrustsTheGeneratedClassesItself() {
        byte[] bytes = AvroSerde.singleObject(Offense.class).serializer().serialize("t", WireSamples.offense());

        assertThat(AvroSerde.singleObject(Offense.class).deserializer().deserialize("t", bytes))
                .isEqualTo(WireSamples.offense());
    }
}
