package io.inbetween.interpolator.service;

import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.KafkaLimits;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The three Kafka clients of one interpolator replica and their settings. Values stay bytes:
 * they are decoded in the loop, where a poison record can be set aside instead of wedging poll().
 *
 * @param where the bootstrap servers, for error messages
 */
record InterpolatorClients(Consumer<byte[], byte[]> pairs, Producer<byte[], byte[]> producer,
                           Consumer<byte[], byte[]> jobs, String where) {

    static InterpolatorClients open(Map<String, Object> common, int batchSize) {
        String where = String.valueOf(common.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        KafkaConsumer<byte[], byte[]> pairs = new KafkaConsumer<>(pairsConsumer(common, batchSize));
        KafkaProducer<byte[], byte[]> producer = null;
        try {
            producer = new KafkaProducer<>(producer(common));
            return new InterpolatorClients(pairs, producer, new KafkaConsumer<>(jobsReader(common)), where);
        } catch (RuntimeException e) {
            pairs.close(Duration.ZERO);
            if (producer != null) producer.close(Duration.ZERO);
            throw e;
        }
    }

    /** The group member: manual commits only after outputs are acknowledged, one batch per poll. */
    static Map<String, Object> pairsConsumer(Map<String, Object> common, int batchSize) {
        Map<String, Object> config = new HashMap<>(KafkaLimits.consumer());
        config.putAll(common);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, ConfigKeys.INTERPOLATOR_GROUP);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // pairs published before the first replica joined are work too
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** Reads the whole jobs topic outside any group. */
    static Map<String, Object> jobsReader(Map<String, Object> common) {
        Map<String, Object> config = new HashMap<>(common);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** Output frames and dead letters: acknowledged by every in-sync replica, no duplicates from retries. */
    static Map<String, Object> producer(Map<String, Object> common) {
        Map<String, Object> config = new HashMap<>(KafkaLimits.producer());
        config.putAll(common);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}
