package io.inbetween.interpolator.service;

import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobState;
import io.inbetween.wire.Topics;
import io.inbetween.wire.WireSerdes;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest state of every job, read from the compacted jobs topic by a consumer outside any
 * group (each replica needs all of it), so that pairs of cancelled and failed jobs are skipped.
 * Polled on the service's poll thread; {@link #abandoned} is safe from any thread.
 */
final class JobStates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobStates.class);
    private static final TopicPartition JOBS = new TopicPartition(Topics.JOBS, 0);

    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, JobEvent> latest = new ConcurrentHashMap<>();
    private boolean caughtUp;

    JobStates(Consumer<byte[], byte[]> consumer) { this.consumer = consumer; }

    /** Reads the topic from its beginning up to its current end, so work starts with the states known. */
    void catchUp(Duration limit, String where) {
        consumer.assign(List.of(JOBS));
        consumer.seekToBeginning(List.of(JOBS));
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            long end = consumer.endOffsets(List.of(JOBS), limit).getOrDefault(JOBS, 0L);
            while (consumer.position(JOBS, limit) < end) {
                if (System.nanoTime() > deadline) {
                    log.warn("read only part of {} within {} s; going on, later job states arrive while working",
                            Topics.JOBS, limit.toSeconds());
                    break;
                }
                fold(consumer.poll(Duration.ofMillis(200)));
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot read topic " + Topics.JOBS + " from Kafka at " + where + " within "
                    + limit.toSeconds() + " s: check --bootstrap-servers, that the broker is up and that Inbetween's topics exist", e);
        }
        caughtUp = true;
        long abandoned = latest.values().stream().filter(JobStates::isAbandoned).count();
        log.info("job states read: {} jobs known, {} cancelled or failed", latest.size(), abandoned);
    }

    /** Takes in whatever job events arrived since the last call, without waiting. */
    void refresh() { fold(consumer.poll(Duration.ZERO)); }

    /** True when the job was cancelled or failed: its pairs need no work. */
    boolean abandoned(String jobId) {
        JobEvent event = latest.get(jobId);
        return event != null && isAbandoned(event);
    }

    void wakeup() { consumer.wakeup(); }

    @Override
    public void close() { consumer.close(Duration.ofSeconds(5)); }

    private void fold(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() == null) { // tombstone: the job was purged
                if (record.key() != null) latest.remove(new String(record.key(), StandardCharsets.UTF_8));
                continue;
            }
            JobEvent event;
            try {
                event = WireSerdes.readJob(record.topic(), record.value());
            } catch (RuntimeException e) {
                log.warn("unreadable job event at {}-{}@{} ignored: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                continue;
            }
            boolean before = abandoned(event.jobId());
            JobEvent merged = latest.merge(event.jobId(), event, JobEvent::merge);
            if (caughtUp && !before && isAbandoned(merged))
                log.info("job {} is {}: its remaining pairs will be skipped", merged.jobId(), merged.state());
        }
    }

    private static boolean isAbandoned(JobEvent event) {
        return event.state() == JobState.CANCELLED || event.state() == JobState.FAILED;
    }
}
