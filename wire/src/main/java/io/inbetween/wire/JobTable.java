package io.inbetween.wire;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compacted jobs topic as a table: every job's latest state, its events folded with
 * {@link JobEvent#merge}, a tombstone deleting it. The topic is read from its beginning by a
 * consumer outside any group, since every reader needs every job. A record that is not a job
 * event is skipped with one log line: one bad event must not hide the other jobs.
 *
 * <p>{@link #catchUp} and {@link #poll} use the consumer and belong to one thread; {@link #get},
 * {@link #snapshot}, {@link #forget} and {@link #wakeup} are safe from any thread.
 */
public final class JobTable implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobTable.class);
    /** {@link Topics#ensure} gives the jobs topic one partition, which keeps each job's events in order. */
    private static final TopicPartition PARTITION = new TopicPartition(Topics.JOBS, 0);
    private static final Duration CATCH_UP_POLL = Duration.ofMillis(200);

    /**
     * What one record did to a job.
     *
     * @param before the job's state until then, null for a job new to the table
     * @param after  its state now, null when the job was deleted
     */
    public record Change(JobEvent before, JobEvent after) {
        public String jobId() { return after != null ? after.jobId() : before.jobId(); }
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, JobEvent> latest = new ConcurrentHashMap<>();

    /** A table read through {@code consumer} (set up as {@link KafkaClientSettings#jobsReader}), which it owns from now on. */
    public JobTable(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
        consumer.assign(List.of(PARTITION));
        consumer.seekToBeginning(List.of(PARTITION));
    }

    /** A table with its own consumer; {@code common} holds bootstrap.servers and any other client settings. */
    public static JobTable open(Map<String, Object> common) {
        return new JobTable(new KafkaConsumer<>(KafkaClientSettings.jobsReader(common)));
    }

    /**
     * Reads the topic up to its current end, so that work starts knowing every job's latest state.
     * Returns false (after a warning) when {@code limit} ran out first: the rest then arrives with {@link #poll}.
     *
     * @param where the bootstrap servers, for the error message
     * @throws IllegalStateException with a one-line reason when Kafka does not answer within {@code limit}
     */
    public boolean catchUp(Duration limit, String where) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            long end = consumer.endOffsets(List.of(PARTITION), limit).getOrDefault(PARTITION, 0L);
            while (consumer.position(PARTITION, limit) < end) {
                if (System.nanoTime() > deadline) {
                    log.warn("read only part of {} within {} s; going on, later job states arrive while working",
                            Topics.JOBS, limit.toSeconds());
                    return false;
                }
                poll(CATCH_UP_POLL);
            }
            return true;
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot read topic " + Topics.JOBS + " from Kafka at " + where + " within "
                    + limit.toSeconds() + " s: check --bootstrap-servers, that the broker is up and that Inbetween's topics exist", e);
        }
    }

    /** Takes in the records that arrived, waiting at most {@code timeout} for the first; returns what they changed, in order. */
    public List<Change> poll(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        if (records.isEmpty()) return List.of();
        List<Change> changes = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Change change = take(record);
            if (change != null) changes.add(change);
        }
        return changes;
    }

    /** The job's latest state, or null when none was read (or it was deleted). */
    public JobEvent get(String jobId) { return latest.get(jobId); }

    /** Every job's latest state, as of now. */
    public Map<String, JobEvent> snapshot() { return Map.copyOf(latest); }

    /** Drops a job this process has just deleted, before its tombstone comes back from the topic. */
    public void forget(String jobId) { latest.remove(jobId); }

    /** Makes a {@link #poll} or {@link #catchUp} in progress throw WakeupException. */
    public void wakeup() { consumer.wakeup(); }

    /** The table's consumer, for client metrics only. */
    public Consumer<byte[], byte[]> consumer() { return consumer; }

    @Override public void close() { consumer.close(Duration.ofSeconds(5)); }

    private Change take(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) { // tombstone: the job was deleted
            JobEvent gone = record.key() == null ? null : latest.remove(new String(record.key(), StandardCharsets.UTF_8));
            return gone == null ? null : new Change(gone, null);
        }
        JobEvent event;
        try {
            event = Topics.JOB_EVENTS.value(record.value());
        } catch (RuntimeException e) {
            log.warn("unreadable job event at {}-{}@{} skipped: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return null;
        }
        JobEvent[] before = new JobEvent[1];
        JobEvent after = latest.compute(event.jobId(), (id, known) -> {
            before[0] = known;
            return JobEvent.merge(known, event);
        });
        return new Change(before[0], after);
    }
}
