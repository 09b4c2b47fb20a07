package io.inbetween.cli;

import io.inbetween.broker.EmbeddedBroker;
import io.inbetween.local.JobClient;
import io.inbetween.local.LocalPipeline;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.testing.TestClips;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.FlowLimits;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A video spread over the twelve pair partitions and worked by two interpolator replicas reaches
 * the reorderer close to presentation order: replaying the order in which its frames landed on
 * inbetween.frames, the reorderer never has to hold more than a few batches of early frames,
 * although the decoder publishes the whole video long before the replicas are through it.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class FlowOrderTest {
    private static final int REPLICAS = 2, BATCH = 2;

    @TempDir Path dir;

    @Test
    void framesReachTheReordererCloseToPresentationOrder() throws Exception {
        Path input = TestClips.ballLong(); // 255 frames -> 510 output frames
        try (EmbeddedBroker broker = EmbeddedBroker.start(null)) {
            String bootstrap = broker.bootstrapServers();
            Topics.ensure(bootstrap);
            JobSpec spec = new JobSpec("flow-order", input.toString(), dir.resolve("out.mkv").toString(), OutputRate.factor(2),
                    new Encoding(18, "ultrafast", true), 0, 0, JobSpec.DEFAULT_SCENE_THRESHOLD);
            try (LocalPipeline pipeline = LocalPipeline.start(bootstrap, new LocalPipeline.Stages(true, REPLICAS, true),
                    new SynthesizerOptions("blend", "cpu", BATCH, null), dir.resolve("state"));
                 JobClient client = new JobClient(bootstrap)) {
                client.submit(spec);
                JobEvent last = client.await(spec.jobId(), Duration.ofMillis(250), e -> {}, pipeline::checkAlive);
                assertThat(last.state()).as("error: %s", last.error()).isEqualTo(JobState.DONE);
            }
            List<Long> arrival = arrivalOrder(bootstrap, spec.jobId());
            assertThat(new TreeSet<>(arrival)).as("every frame arrived").hasSize(511); // 510 frames and the end marker

            int mostHeld = mostHeldByAReorderer(arrival);
            // A replica runs at most MAX_PAIRS_AHEAD pairs past what the encoder has written, plus what it holds
            // (its prefetch and its batch); each pair gives two frames here (its original and one synthesized);
            // the tail frames and the end marker come straight from the decoder. The decoder itself is done
            // long before: without these rules the reorderer held about half the video (every original).
            int bound = REPLICAS * (FlowLimits.MAX_PAIRS_AHEAD + FlowLimits.MAX_PREFETCH_PAIRS + BATCH) * 2 + 3;
            System.out.println("flow order: the reorderer held at most " + mostHeld + " early frames (bound " + bound + ")");
            assertThat(mostHeld).as("early frames a reorderer must hold").isLessThanOrEqualTo(bound);
        }
    }

    /** The indices of the job's frames in the order they were appended to inbetween.frames. */
    private static List<Long> arrivalOrder(String bootstrap, String jobId) {
        List<Long> order = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.FRAMES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)))
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    OutputFrame frame = Topics.OUTPUT_FRAMES.value(r.value());
                    if (frame.jobId().equals(jobId)) order.add(frame.index());
                }
        }
        return order;
    }

    /** Replays a reorderer: frames that arrive before the next index are held; the most held at once. */
    static int mostHeldByAReorderer(List<Long> arrival) {
        TreeSet<Long> held = new TreeSet<>();
        long next = 0;
        int most = 0;
        for (long index : arrival) {
            if (index < next) continue; // a duplicate of one passed on
            held.add(index);
            while (held.remove(next)) next++;
            most = Math.max(most, held.size());
        }
        return most;
    }
}
