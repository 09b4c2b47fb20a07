package io.inbetween.wire;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its keys and values: the one place that says what a topic holds.
 * Stages send and receive raw bytes (a record that does not decode is set aside, not retried),
 * and turn them into records through these methods.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    /** A record for this topic, serialized. */
    public ProducerRecord<byte[], byte[]> record(K key, V value) {
        return new ProducerRecord<>(name, key(key), value == null ? null : valueSerde.serializer().serialize(name, value));
    }

    public byte[] key(K key) { return key == null ? null : keySerde.serializer().serialize(name, key); }

    /** The value of a record read from this topic; a {@link WireFormatException} when it is not this topic's format. */
    public V value(byte[] bytes) { return bytes == null ? null : valueSerde.deserializer().deserialize(name, bytes); }

    @Override public String toString() { return name; }
}
