package io.inbetween.wire;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Every topic Inbetween uses, and how it is keyed. The partition counts are the scale-out knobs:
 * pairs are spread over all partitions of {@link #PAIRS} (one video keeps every interpolator
 * replica busy), while frames are keyed by job, so one video's frames meet in one partition
 * where they can be put back in order.
 */
public final class Topics {
    /** Job events, key = job id, compacted: the latest event per job is the job's state. */
    public static final String JOBS = "inbetween.jobs";
    /** Work for the interpolators, key = jobId/seq, value = {@link FramePair}. */
    public static final String PAIRS = "inbetween.pairs";
    /** Output frames in any order (originals from the decoder, synthesized ones from the interpolators), key = job id. */
    public static final String FRAMES = "inbetween.frames";
    /** Output frames in presentation order, written by the reorderer, read by the encoder, key = job id. */
    public static final String ORDERED = "inbetween.ordered";
    /** Records no stage could read, with the reason in the {@link #ERROR_HEADER} header. */
    public static final String DEAD_LETTERS = "inbetween.dead-letters";

    public static final String ERROR_HEADER = "inbetween.error";

    /** {@link #JOBS} with its serdes: job id to the job's latest event (null: the job is deleted). */
    public static final Topic<String, JobEvent> JOB_EVENTS = new Topic<>(JOBS, Serdes.String(), WireSerdes.jobEvent());
    /** {@link #PAIRS} with its serdes: jobId/seq to the pair. */
    public static final Topic<String, FramePair> FRAME_PAIRS = new Topic<>(PAIRS, Serdes.String(), WireSerdes.framePair());
    /** {@link #FRAMES} with its serdes: job id to a frame in any order. */
    public static final Topic<String, OutputFrame> OUTPUT_FRAMES = new Topic<>(FRAMES, Serdes.String(), WireSerdes.outputFrame());
    /** {@link #ORDERED} with its serdes: job id to the job's frames in presentation order. */
    public static final Topic<String, OutputFrame> ORDERED_FRAMES = new Topic<>(ORDERED, Serdes.String(), WireSerdes.outputFrame());

    public static final int DEFAULT_PAIR_PARTITIONS = 12;
    public static final int DEFAULT_FRAME_PARTITIONS = 4;
    /** How long frames and pairs stay on their topics: long enough for any job to be redone after a crash. */
    public static final Duration FRAME_RETENTION = Duration.ofHours(24);

    private Topics() {}

    /**
     * Creates any missing topic on the cluster at {@code bootstrap}, with the default partitions
     * and a replication factor of 3, or the number of brokers when there are fewer; fails with a
     * one-line error when the cluster cannot be reached.
     */
    public static void ensure(String bootstrap) { ensure(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)); }

    /** The same, with any other client setting (credentials, for one). */
    public static void ensure(Map<String, Object> clientConfig) {
        Object bootstrap = clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            int brokers;
            try {
                brokers = admin.describeCluster().nodes().get().size();
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                throw new IllegalStateException("cannot reach Kafka at " + bootstrap + ": " + OneLine.ofRootCause(e));
            }
            ensure(admin, DEFAULT_PAIR_PARTITIONS, DEFAULT_FRAME_PARTITIONS, replicationFor(brokers));
        }
    }

    /** The replication factor for a cluster of {@code brokers}: 3, or all of them when there are fewer. */
    public static short replicationFor(int brokers) { return (short) Math.max(1, Math.min(3, brokers)); }

    /** Creates any missing topic with Inbetween's partitions and size limits; existing topics are kept. */
    public static void ensure(Admin admin, int pairPartitions, int framePartitions, short replication) {
        Map<String, String> frames = Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(KafkaLimits.MAX_BATCH_BYTES),
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(FRAME_RETENTION.toMillis()));
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(JOBS, 1, replication).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(new NewTopic(PAIRS, pairPartitions, replication).configs(frames));
        topics.add(new NewTopic(FRAMES, framePartitions, replication).configs(frames));
        topics.add(new NewTopic(ORDERED, framePartitions, replication).configs(frames));
        topics.add(new NewTopic(DEAD_LETTERS, 1, replication).configs(frames));
        for (NewTopic t : topics) {
            try {
                admin.createTopics(List.of(t)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException))
                    throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topics", e);
            }
        }
    }
}
