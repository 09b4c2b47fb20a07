package io.inbetween.wire;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;

/**
 * Records no stage could read go to {@link Topics#DEAD_LETTERS} whole: the original key, value
 * and headers, plus where they came from (topic, partition, offset) and why, as headers. A poison
 * record is set aside, never retried forever, and never lost: it can be inspected and replayed.
 */
public final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    public static final String REASON = Topics.ERROR_HEADER;
    public static final String SOURCE_TOPIC = "inbetween.source.topic";
    public static final String SOURCE_PARTITION = "inbetween.source.partition";
    public static final String SOURCE_OFFSET = "inbetween.source.offset";

    private DeadLetters() {}

    /** Sends the record to the dead-letter topic; the future completes when the broker has it. */
    public static <K, V> Future<RecordMetadata> publish(Producer<K, V> producer, ConsumerRecord<K, V> record, String reason) {
        String line = OneLine.of(reason, "unreadable record");
        log.warn("set aside a poison record from {}-{}@{} on {}: {}", record.topic(), record.partition(), record.offset(), Topics.DEAD_LETTERS, line);
        Headers headers = headers(record.headers(), line, record.topic(), record.partition(), record.offset());
        return producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, null, record.key(), record.value(), headers), (metadata, e) -> {
            if (e != null) log.error("could not set aside the poison record from {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        });
    }

    /** The original headers plus the reason and the record's origin; for stages (Kafka Streams) that forward instead of sending. */
    public static Headers headers(Headers original, String reason, String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders(original.toArray());
        headers.add(REASON, OneLine.of(reason, "unreadable record").getBytes(StandardCharsets.UTF_8));
        if (topic != null) {
            headers.add(SOURCE_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
            headers.add(SOURCE_PARTITION, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
            headers.add(SOURCE_OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }
}
