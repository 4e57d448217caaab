package io.fleetban.wire;

import io.fleetban.avro.Offense;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Lets Avro 1.12 instantiate fleetban's generated classes when decoding.
 *
 * <p>Avro 1.12's {@link ClassSecurityValidator} refuses to load any class outside a trusted list while decoding (the
 * guard against gadget classes named by a hostile schema). Only the generated package {@code io.fleetban.avro} is
 * added to whatever is trusted already; nothing else is widened. {@link AvroDeserializer}, the only place that decodes,
 * calls this when it is built, so no {@code main()} has to remember it.
 */
final class AvroTrust {

    /** The package the avro-maven-plugin generates our classes into. */
    static final String FLEETBAN_AVRO_PACKAGE = Offense.class.getPackageName();

    private AvroTrust() {}

    /** Trusts {@code io.fleetban.avro}; idempotent and safe to call from several threads. */
    static synchronized void trustFleetbanClasses() {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (current.isTrusted(Offense.class)) {
            return;
        }
        ClassSecurityPredicate fleetban = type -> FLEETBAN_AVRO_PACKAGE.equals(type.getPackageName());
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(current, fleetban));
    }
}
