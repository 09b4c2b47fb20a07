package io.inbetween.streamapp.reorder;

import io.inbetween.wire.DeadLetters;
import io.inbetween.wire.OneLine;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.Topics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Reads the raw records of {@code inbetween.frames}: a readable frame goes on to the reorderer,
 * anything else (not Inbetween's format, truncated, a key that is not the frame's job) goes to
 * {@code inbetween.dead-letters} untouched, with the reason and its origin in headers
 * ({@link DeadLetters}), and the stream moves on.
 *
 * <p>Why here and not in a {@code DeserializationExceptionHandler}: Kafka Streams 4.1's handler
 * can only skip or fail (dead-letter support arrives later), so it would need a producer of its
 * own, outside the transaction. As a processor, the dead letter is written by the application's
 * own producer, in the same exactly-once transaction as the input offset: a poison record is set
 * aside exactly once, never lost, never retried.
 */
final class PoisonRecordFilter implements Processor<byte[], byte[], Object, Object> {
    private static final Logger log = LoggerFactory.getLogger(PoisonRecordFilter.class);

    private final String framesChild;
    private final String deadLettersChild;
    private ProcessorContext<Object, Object> context;
    private Sensor poison;

    PoisonRecordFilter(String framesChild, String deadLettersChild) {
        this.framesChild = framesChild;
        this.deadLettersChild = deadLettersChild;
    }

    @Override public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.poison = context.metrics().addRateTotalSensor("reorderer", context.taskId().toString(), "dead-letters",
                Sensor.RecordingLevel.INFO);
    }

    @Override public void process(Record<byte[], byte[]> record) {
        String reason;
        try {
            OutputFrame frame = Topics.OUTPUT_FRAMES.value(record.value());
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (frame == null) reason = "empty record (null value) where an output frame was expected";
            else if (!frame.jobId().equals(key))
                reason = "record key '" + key + "' is not the frame's job id '" + frame.jobId() + "'";
            else {
                context.forward(new Record<Object, Object>(key, frame, record.timestamp()), framesChild);
                return;
            }
        } catch (RuntimeException e) {
            reason = OneLine.of(e);
        }
        var origin = context.recordMetadata();
        String line = OneLine.of(reason, "unreadable record");
        poison.record();
        log.warn("set aside a poison record{} on {}: {}", origin.map(m -> " from " + m.topic() + "-" + m.partition() + "@" + m.offset()).orElse(""),
                Topics.DEAD_LETTERS, line);
        Headers headers = DeadLetters.headers(record.headers(), line, origin.map(m -> m.topic()).orElse(null),
                origin.map(m -> m.partition()).orElse(-1), origin.map(m -> m.offset()).orElse(-1L));
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers), deadLettersChild);
    }
}
