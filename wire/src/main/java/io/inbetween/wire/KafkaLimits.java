package io.inbetween.wire;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Map;

/**
 * The size limits that let raw frames through Kafka, in one place, because they only work when
 * raised together: the producer's max.request.size counts the record uncompressed, the broker's
 * message.max.bytes and the topic's max.message.bytes count the compressed batch, and consumers
 * must be allowed to fetch it. A 1080p pair is 12.4 MB raw; a 4K pair (49.8 MB) still fits.
 */
public final class KafkaLimits {
    /** Largest record a producer may send, uncompressed. */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
    /** Largest batch the broker and topics accept (compressed; lz4 roughly halves raw frames). */
    public static final int MAX_BATCH_BYTES = MAX_RECORD_BYTES + 1024 * 1024;
    /** Batches are not compressed: every frame in them already is, per record (FrameCodec). */
    public static final String COMPRESSION = "none";

    private KafkaLimits() {}

    public static Map<String, Object> producer() {
        return Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * MAX_BATCH_BYTES,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION,
                ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024,
                ProducerConfig.LINGER_MS_CONFIG, 5);
    }

    /**
     * What one fetch of a consumer may bring. Not a cap on record size: a fetch always returns
     * the first batch of a partition whatever its size, so a 4K pair still passes; but a fetch
     * of 64 MB per consumer, five consumers in one JVM, filled the heap at 1080p.
     */
    public static final int FETCH_BYTES = 16 * 1024 * 1024;

    public static Map<String, Object> consumer() {
        return Map.of(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_BYTES,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_BYTES);
    }

    public static Map<String, String> broker() {
        return Map.of(
                "message.max.bytes", Integer.toString(MAX_BATCH_BYTES),
                "replica.fetch.max.bytes", Integer.toString(MAX_BATCH_BYTES),
                "socket.request.max.bytes", Integer.toString(2 * MAX_BATCH_BYTES));
    }

    /** The one-line error for a frame too large to send. */
    public static String tooLarge(int width, int height, long bytes) {
        return String.format("a %dx%d frame pair is %.1f MB, above Inbetween's max.request.size of %d MB "
                + "(KafkaLimits.MAX_RECORD_BYTES); downscale the input or raise the limit", width, height,
                bytes / 1e6, MAX_RECORD_BYTES / (1024 * 1024));
    }
}
