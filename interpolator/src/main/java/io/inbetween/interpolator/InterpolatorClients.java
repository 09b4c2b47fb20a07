package io.inbetween.interpolator;

import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.FlowLimits;
import io.inbetween.wire.KafkaClientSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.Map;

/**
 * The three Kafka clients of one interpolator replica: the pairs consumer, the producer of output
 * frames and dead letters ({@link KafkaClientSettings#producer}), and the jobs reader
 * ({@link KafkaClientSettings#jobsReader}).
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
            producer = new KafkaProducer<>(KafkaClientSettings.producer(common));
            return new InterpolatorClients(pairs, producer, new KafkaConsumer<>(KafkaClientSettings.jobsReader(common)), where);
        } catch (RuntimeException e) {
            pairs.close(Duration.ZERO);
            if (producer != null) producer.close(Duration.ZERO);
            throw e;
        }
    }

    /** The group member: manual commits only after outputs are acknowledged, one batch per poll. */
    static Map<String, Object> pairsConsumer(Map<String, Object> common, int batchSize) {
        Map<String, Object> config = KafkaClientSettings.groupConsumer(common, ConfigKeys.INTERPOLATOR_GROUP);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, FlowLimits.prefetchPairs(batchSize, FlowLimits.MAX_PREFETCH_PAIRS));
        // about one record batch per partition and fetch: the oldest pairs of every partition, not one partition's backlog
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FlowLimits.PAIR_FETCH_BYTES_PER_PARTITION);
        return config;
    }
}
