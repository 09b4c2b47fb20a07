package io.inbetween.streamapp.encode;

import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.DeadLetters;
import io.inbetween.wire.JobTable;
import io.inbetween.wire.KafkaClientSettings;
import io.inbetween.wire.KafkaClients;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.PathRoots;
import io.inbetween.wire.SafeOffsets;
import io.inbetween.wire.ServiceLoop;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Writes output files from {@code inbetween.ordered}: a member of the
 * {@link ConfigKeys#ENCODER_GROUP} group whose loop hands each frame to its {@link JobOutputs}
 * (one state machine per job) and commits by the {@link SafeOffsets} rule.
 *
 * <p>Crash safety: offsets are committed only at job boundaries, never past the first frame of a
 * job still open on that partition. After a crash the open job is read again from its first frame
 * and its file written again (the partial file of the dead run is simply replaced); a job already
 * DONE whose file exists is skipped. Poison records go to the dead-letter topic. Partitions taken
 * away by a rebalance abort their open jobs silently: the new owner writes them from their start.
 */
public final class EncoderService extends ServiceLoop {
    private static final Logger log = LoggerFactory.getLogger(EncoderService.class);

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration INFO_WAIT = Duration.ofSeconds(60);
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(30);
    /** An open job with no new frame for this long fails (see {@link JobOutputs#failStalled}). */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(5);

    /** What the encoder has done, for dashboards. */
    public record Stats(long framesWritten, long jobsDone, long jobsFailed, double framesPerSecond, int openJobs) {}

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final JobTable jobs;
    private final String where;
    // poll thread only (the rebalance callbacks run inside poll)
    private final SafeOffsets offsets = new SafeOffsets();
    private final JobOutputs outputs;
    private final Duration stallTimeout;

    /** @param kafkaConfig common client settings, at least {@code bootstrap.servers}; the service adds its own */
    public EncoderService(Map<String, Object> kafkaConfig) { this(kafkaConfig, DEFAULT_STALL_TIMEOUT, PathRoots.ANYWHERE); }

    /**
     * @param stallTimeout how long an open job may go without a frame before it fails
     * @param roots        where job outputs may be written (and audio read from their inputs)
     */
    public EncoderService(Map<String, Object> kafkaConfig, Duration stallTimeout, PathRoots roots) {
        this(kafkaConfig, INFO_WAIT, stallTimeout, roots);
    }

    EncoderService(Map<String, Object> kafkaConfig, Duration infoWait, Duration stallTimeout, PathRoots roots) {
        super("encoder", CLOSE_LIMIT);
        if (stallTimeout.isNegative() || stallTimeout.isZero()) throw new IllegalArgumentException("the stall timeout must be positive, got " + stallTimeout);
        this.stallTimeout = stallTimeout;
        this.where = String.valueOf(kafkaConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        this.consumer = new KafkaConsumer<>(orderedConsumer(kafkaConfig));
        Producer<byte[], byte[]> producer = null;
        try {
            producer = new KafkaProducer<>(KafkaClientSettings.producer(kafkaConfig));
            this.jobs = JobTable.open(kafkaConfig);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            if (producer != null) producer.close(Duration.ZERO);
            throw e;
        }
        this.producer = producer;
        this.outputs = new JobOutputs(jobs, new JobEventPublisher(producer, where), offsets, infoWait, this::stopping, this::commit, roots);
    }

    public Stats stats() { return outputs.stats(); }

    @Override public KafkaClients kafkaClients() { return KafkaClients.of(consumer, producer, jobs.consumer()); }

    /**
     * Calls {@code listener} with the {@link OutputFrame#publishedAtMillis()} of each frame written
     * (when the decoder published its source), for end-to-end latency metrics; it replaces the
     * previous listener and runs on the encoder's thread, so it must be quick.
     */
    public void onFrameWritten(LongConsumer listener) { outputs.onFrameWritten(listener); }

    @Override protected void start() {
        jobs.catchUp(STARTUP_LIMIT, where);
        consumer.subscribe(List.of(Topics.ORDERED), new Rebalance());
        log.info("encoder started: group {} on {} at {}", ConfigKeys.ENCODER_GROUP, Topics.ORDERED, where);
    }

    @Override protected void step() {
        jobs.poll(Duration.ZERO);
        outputs.abortAbandoned();
        outputs.failStalled(stallTimeout);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            if (stopping()) break;
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            OutputFrame frame = decode(record);
            if (frame != null) outputs.accept(frame, partition, record.offset());
            offsets.handled(partition, record.offset());
        }
        commit();
    }

    @Override protected void wakeUp() {
        consumer.wakeup();
        jobs.wakeup();
    }

    /** The frame, or null for a poison record, which is set aside on the dead-letter topic. */
    private OutputFrame decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            OutputFrame frame = Topics.ORDERED_FRAMES.value(record.value());
            if (frame == null) throw new IllegalArgumentException("empty record (null value) where an output frame was expected");
            return frame;
        } catch (RuntimeException e) {
            DeadLetters.publish(producer, record, e.getMessage());
            return null;
        }
    }

    /**
     * Commits what the {@link SafeOffsets} rule allows: always a job boundary. Sends still in
     * flight (dead letters, events) are flushed first, so nothing committed past can be lost.
     */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> safe = offsets.toCommit();
        if (safe.isEmpty()) return;
        producer.flush();
        try {
            consumer.commitSync(safe);
            offsets.committed(safe);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            log.info("commit skipped during a rebalance ({}); the records are read again by the partition's next owner", e.getMessage());
        }
    }

    /** Commits the jobs finished so far; the open ones are discarded and redone after a restart. */
    @Override protected void shutDown() {
        try {
            commit();
        } catch (RuntimeException e) {
            log.warn("while stopping the encoder: {}", e.toString());
        }
        // Nothing more is committed, not even by the revocation that closing the consumer triggers.
        offsets.clearHandled();
        outputs.discardAll();
        closeQuietly("consumer", () -> consumer.close(Duration.ofSeconds(5)));
        closeQuietly("producer", () -> producer.close(Duration.ofSeconds(5)));
        closeQuietly("jobs reader", jobs::close);
    }

    /** Partitions leaving: commit what is finished there, then drop the open jobs; the new owner writes them from their start. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) return;
            try {
                commit();
            } catch (WakeupException e) {
                requestStop();
            } catch (RuntimeException e) {
                log.info("commit before giving up partitions {} failed: {}", partitions, e.toString());
            }
            forget(partitions);
        }

        @Override public void onPartitionsLost(Collection<TopicPartition> partitions) { forget(partitions); }

        @Override public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) log.info("encoder assigned {}", partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            outputs.forget(partitions);
            offsets.forget(partitions);
        }
    }

    static Map<String, Object> orderedConsumer(Map<String, Object> common) {
        Map<String, Object> config = KafkaClientSettings.groupConsumer(common, ConfigKeys.ENCODER_GROUP);
        // the reorderer writes in transactions: only committed frames, never an aborted attempt's
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a few frames per poll: encoding them must stay far below max.poll.interval.ms
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 16);
        // an encoder joining or leaving moves only the partitions it must: jobs elsewhere keep their open files
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return config;
    }
}
