package io.inbetween.streamapp.reorder;

import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.FlowLimits;
import io.inbetween.wire.KafkaLimits;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The reorderer, a Kafka Streams application: {@code inbetween.frames} (any order) →
 * {@link PoisonRecordFilter} → {@link FrameReorderer} → {@code inbetween.ordered} (presentation
 * order, key = job id), with unreadable records set aside on {@code inbetween.dead-letters}. A
 * global store of job states ({@link JobStateTracker}, from {@code inbetween.jobs}) tells the
 * reorderer which jobs were cancelled or failed.
 */
public final class ReorderTopology {
    static final String SOURCE = "frames";
    static final String FILTER = "poison-filter";
    static final String REORDERER = "reorderer";
    static final String ORDERED_SINK = "ordered";
    static final String DEAD_LETTER_SINK = "dead-letters";
    static final String JOBS_SOURCE = "jobs";
    static final String JOB_STATES = "job-states";

    /**
     * Frames are committed in transactions of about this length; the encoder sees them after each
     * commit, so this is latency that every frame pays (half of it on average). At 1000 ms a live
     * job's floor was about 1 s of its 2 s budget; 200 ms took the same wall time on a 10 s 480p
     * upscale (69.0 and 69.7 s against 62.6 and 72.8 s at 1000 ms, in turn).
     */
    static final int COMMIT_INTERVAL_MS = 200;
    /** Cache in front of the stores; frames released within one commit interval never reach the changelog. */
    static final long STORE_CACHE_BYTES = 64L * 1024 * 1024;
    static final int SESSION_TIMEOUT_MS = 10_000;

    private ReorderTopology() {}

    public static Topology build() {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.FRAMES);
        topology.addProcessor(FILTER, () -> new PoisonRecordFilter(REORDERER, DEAD_LETTER_SINK), SOURCE);
        topology.addProcessor(REORDERER, FrameReorderer::new, FILTER);
        topology.addStateStore(FrameReorderer.positionsStore(), REORDERER);
        topology.addStateStore(FrameReorderer.earlyFramesStore(), REORDERER);
        topology.addGlobalStore(JobStateTracker.store(), JOBS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.JOBS, JOB_STATES, JobStateTracker::new);
        topology.addSink(ORDERED_SINK, Topics.ORDERED, Topics.ORDERED_FRAMES.keySerde().serializer(), Topics.ORDERED_FRAMES.valueSerde().serializer(), REORDERER);
        topology.addSink(DEAD_LETTER_SINK, Topics.DEAD_LETTERS, new ByteArraySerializer(), new ByteArraySerializer(), FILTER);
        return topology;
    }

    /** The configuration for a single broker (replication factor 1). */
    public static Properties config(String bootstrapServers, Path stateDir) {
        return config(bootstrapServers, stateDir, (short) 1);
    }

    /**
     * @param replication replication factor of the internal (changelog) topics; 3 on a real cluster
     */
    public static Properties config(String bootstrapServers, Path stateDir, short replication) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, ConfigKeys.REORDER_APP_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        // Output, buffered frames and input offsets commit together: after a crash no frame is
        // emitted twice or lost, and the encoder (read_committed) never sees an aborted frame.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STORE_CACHE_BYTES);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication);
        // Streams members do not leave the group when they stop; a restarted reorderer waits
        // out the old member's session before it gets its partitions back (45 s by default).
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // Raw frames are megabytes: the same raised limits as every other client, and on the
        // changelog topics Streams creates.
        KafkaLimits.producer().forEach((k, v) -> p.put(StreamsConfig.producerPrefix(k), v));
        KafkaLimits.consumer().forEach((k, v) -> p.put(StreamsConfig.consumerPrefix(k), v));
        // ... but a bounded input: Streams buffers up to 1000 records per partition, and a fetch
        // could bring 64 MB (a 512 MB heap ran out at 1080p). A fetch still returns at least one
        // record of a partition, so a 4K frame passes.
        p.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, FlowLimits.REORDER_BUFFERED_FRAMES_PER_PARTITION);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), FlowLimits.FRAME_FETCH_BYTES_PER_PARTITION);
        p.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(KafkaLimits.MAX_BATCH_BYTES));
        return p;
    }
}
