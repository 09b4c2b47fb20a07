package io.inbetween.wire;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;

/**
 * The Kafka client settings every stage builds on. Each method starts from {@link KafkaLimits},
 * adds the caller's common settings (bootstrap servers, security, ...), then the settings the
 * stages' delivery guarantees depend on, which the common settings cannot undo. Keys and values
 * stay bytes: records are decoded by the stage, where a poison record can be set aside instead of
 * wedging poll(). Each call returns a new map, for the stage to add its own settings to.
 */
public final class KafkaClientSettings {
    private KafkaClientSettings() {}

    /** A producer of Inbetween's records: acknowledged by every in-sync replica, no duplicates from retries. */
    public static Map<String, Object> producer(Map<String, Object> common) {
        Map<String, Object> config = new HashMap<>(KafkaLimits.producer());
        config.putAll(common);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /**
     * A member of a stage's consumer group: offsets are committed by the stage, only for work it
     * has finished, and records published before the group's first member joined are work too.
     */
    public static Map<String, Object> groupConsumer(Map<String, Object> common, String groupId) {
        Map<String, Object> config = new HashMap<>(KafkaLimits.consumer());
        config.putAll(common);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** The reader of a {@link JobTable}: outside any group (every reader needs every job), committing nothing. */
    public static Map<String, Object> jobsReader(Map<String, Object> common) {
        Map<String, Object> config = new HashMap<>(common);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
