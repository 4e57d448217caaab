package io.fleetban.kafka;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * One fleetban topic: its full name and the serdes of its keys and values. Obtain topics from {@link Topics},
 * never by spelling a name.
 *
 * @param name       full topic name, prefix included
 * @param keySerde   serde of the record keys
 * @param valueSerde serde of the record values
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }
}
