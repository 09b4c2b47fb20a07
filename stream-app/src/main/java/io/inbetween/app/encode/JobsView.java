package io.inbetween.app.encode;

import io.inbetween.wire.JobEvent;
import io.inbetween.wire.Topics;
import io.inbetween.wire.WireSerdes;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The encoder's copy of every job's state: the compacted jobs topic read from its beginning by a
 * consumer outside any group, each job's events folded with {@link JobEvent#merge}. Used from the
 * encoder's poll thread only.
 */
final class JobsView implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobsView.class);
    private static final TopicPartition JOBS = new TopicPartition(Topics.JOBS, 0);

    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, JobEvent> latest = new HashMap<>();

    JobsView(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
        consumer.assign(List.of(JOBS));
        consumer.seekToBeginning(List.of(JOBS));
    }

    /**
     * Reads the topic up to its current end, so that work starts knowing every job's latest
     * state (a job already DONE must not be written again after a restart).
     */
    void catchUp(Duration limit, String where) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            long end = consumer.endOffsets(List.of(JOBS), limit).getOrDefault(JOBS, 0L);
            while (consumer.position(JOBS, limit) < end) {
                if (System.nanoTime() > deadline) {
                    log.warn("read only part of {} within {} s; later job states arrive while working", Topics.JOBS, limit.toSeconds());
                    return;
                }
                refresh(Duration.ofMillis(200));
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("cannot read " + Topics.JOBS + " from Kafka at " + where + " within " + limit.toSeconds()
                    + " s: check the bootstrap servers, that the broker is up and that Inbetween's topics exist", e);
        }
    }

    /** Takes in the events that arrived, waiting at most {@code timeout} for the first. */
    void refresh(Duration timeout) { fold(consumer.poll(timeout)); }

    /** The job's state, or null when no event of it was read yet. */
    JobEvent get(String jobId) { return latest.get(jobId); }

    /**
     * Waits until the job's video info is known (the decoder publishes it before its first frame)
     * or the job is over; returns what is known then, null if nothing.
     */
    JobEvent awaitInfo(String jobId, Duration limit, BooleanSupplier stopping) {
        long deadline = System.nanoTime() + limit.toNanos();
        JobEvent event = latest.get(jobId);
        while ((event == null || (event.info() == null && !event.state().isFinal()))
                && System.nanoTime() < deadline && !stopping.getAsBoolean()) {
            refresh(Duration.ofMillis(100));
            event = latest.get(jobId);
        }
        return event;
    }

    void wakeup() { consumer.wakeup(); }

    @Override public void close() { consumer.close(Duration.ofSeconds(5)); }

    private void fold(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() == null) { // tombstone: the job was deleted
                if (record.key() != null) latest.remove(new String(record.key(), StandardCharsets.UTF_8));
                continue;
            }
            try {
                JobEvent event = WireSerdes.readJob(record.topic(), record.value());
                latest.merge(event.jobId(), event, JobEvent::merge);
            } catch (RuntimeException e) {
                log.warn("unreadable job event at {}-{}@{} ignored: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        }
    }
}
