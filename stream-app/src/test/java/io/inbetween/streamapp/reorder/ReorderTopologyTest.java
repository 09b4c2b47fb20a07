package io.inbetween.streamapp.reorder;

import io.inbetween.wire.Encoding;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.DeadLetters;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.Topics;
import io.inbetween.wire.WireSerdes;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.LongStream;

import static io.inbetween.streamapp.reorder.TestFrames.frame;
import static io.inbetween.streamapp.reorder.TestFrames.frameOrEnd;
import static org.assertj.core.api.Assertions.assertThat;

class ReorderTopologyTest {
    @TempDir Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> frames;
    private TestOutputTopic<String, OutputFrame> ordered;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach void start() {
        Properties config = ReorderTopology.config("unused:9092", stateDir);
        driver = new TopologyTestDriver(ReorderTopology.build(), config);
        frames = driver.createInputTopic(Topics.FRAMES, new StringSerializer(), new ByteArraySerializer());
        ordered = driver.createOutputTopic(Topics.ORDERED, new StringDeserializer(), WireSerdes.outputFrame().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach void stop() { driver.close(); }

    @Test
    void shuffledDuplicatedInterleavedJobsComeOutOnceEachInOrderWithTheEndLast() {
        Map<String, Integer> totals = new LinkedHashMap<>();
        totals.put("clip-a", 120);
        totals.put("clip-b", 37);
        totals.put("clip-c", 1);
        totals.put("empty", 0); // a job with no frames: its END alone
        Random random = new Random(42);
        List<OutputFrame> input = new ArrayList<>();
        int duplicates = 0;
        for (var job : totals.entrySet()) {
            for (long i = 0; i <= job.getValue(); i++) {
                input.add(frameOrEnd(job.getKey(), i, job.getValue()));
                if (random.nextDouble() < 0.3) { input.add(frameOrEnd(job.getKey(), i, job.getValue())); duplicates++; }
            }
        }
        Collections.shuffle(input, random);
        // retries that arrive after their job has ended
        input.add(frame("clip-c", 0));
        input.add(frame("clip-a", 119));
        input.add(frame("clip-a", 0));
        duplicates += 3;

        input.forEach(f -> frames.pipeInput(f.jobId(), WireSerdes.writeFrame(Topics.FRAMES, f)));

        Map<String, List<OutputFrame>> byJob = new LinkedHashMap<>();
        for (KeyValue<String, OutputFrame> kv : ordered.readKeyValuesToList()) {
            assertThat(kv.key).isEqualTo(kv.value.jobId());
            byJob.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(kv.value);
        }
        assertThat(byJob.keySet()).containsExactlyInAnyOrderElementsOf(totals.keySet());
        totals.forEach((job, total) -> {
            List<OutputFrame> out = byJob.get(job);
            assertThat(out).extracting(OutputFrame::index)
                    .as("job %s", job).containsExactlyElementsOf(LongStream.rangeClosed(0, total).boxed().toList());
            assertThat(out.get(out.size() - 1).isEndOfStream()).isTrue();
            for (OutputFrame f : out.subList(0, total)) {
                assertThat(f.isEndOfStream()).isFalse();
                assertThat(f.frame().rgb()).isEqualTo(frame(job, f.index()).frame().rgb());
                assertThat(f.origin()).isEqualTo(frame(job, f.index()).origin());
            }
        });
        assertThat(metric("duplicates-dropped-total")).isEqualTo(duplicates);
        assertThat(metric("frames-buffered-total")).isPositive();
        assertThat(deadLetters.isEmpty()).isTrue();

        // Everything was released: no frame is left in the buffer, only finished markers remain.
        KeyValueStore<Bytes, OutputFrame> early = driver.getKeyValueStore(FrameReorderer.EARLY_FRAMES_STORE);
        try (KeyValueIterator<Bytes, OutputFrame> all = early.all()) {
            assertThat(all.hasNext()).isFalse();
        }
        KeyValueStore<String, JobPosition> positions = driver.getKeyValueStore(FrameReorderer.POSITIONS_STORE);
        totals.keySet().forEach(job -> assertThat(positions.get(job).finished()).isTrue());
    }

    @Test
    void poisonRecordsGoToDeadLettersWithTheirReasonAndTheStreamContinues() {
        byte[] garbage = "{\"not\":\"a frame\"}".getBytes(StandardCharsets.UTF_8);
        byte[] truncated = java.util.Arrays.copyOf(WireSerdes.writeFrame(Topics.FRAMES, frame("job-p", 5)), 30);
        frames.pipeInput("job-p", WireSerdes.writeFrame(Topics.FRAMES, frame("job-p", 1)));
        frames.pipeInput("job-p", garbage);
        frames.pipeInput("job-p", truncated);
        frames.pipeInput("other-job", WireSerdes.writeFrame(Topics.FRAMES, frame("job-p", 2))); // wrong key
        frames.pipeInput("job-p", (byte[]) null);
        frames.pipeInput("job-p", WireSerdes.writeFrame(Topics.FRAMES, frame("job-p", 0)));
        frames.pipeInput("job-p", WireSerdes.writeFrame(Topics.FRAMES, TestFrames.end("job-p", 2)));

        assertThat(ordered.readValuesToList()).extracting(OutputFrame::index).containsExactly(0L, 1L, 2L);

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(4);
        assertThat(dead.get(0).value()).isEqualTo(garbage); // the original bytes, untouched
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("job-p");
        assertThat(reason(dead.get(0))).startsWith("not an Inbetween output frame");
        assertThat(header(dead.get(0), DeadLetters.SOURCE_TOPIC)).isEqualTo("inbetween.frames");
        assertThat(header(dead.get(0), DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dead.get(0), DeadLetters.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(dead.get(1).value()).isEqualTo(truncated);
        assertThat(reason(dead.get(1))).startsWith("truncated output frame");
        assertThat(reason(dead.get(2))).startsWith("record key 'other-job' is not the frame's job id 'job-p'");
        assertThat(dead.get(3).value()).isNull();
        assertThat(reason(dead.get(3))).startsWith("empty record");
        dead.forEach(r -> assertThat(reason(r)).doesNotContain("\n"));
        assertThat(metric("dead-letters-total")).isEqualTo(4);
    }

    @Test
    void aCancelledJobIsLetGoWhileOthersGoOn() {
        JobSpec spec = new JobSpec("cancel-me", "in.mp4", "out.mp4", OutputRate.factor(2), Encoding.DEFAULT, 0, 1, JobSpec.DEFAULT_SCENE_THRESHOLD);
        TestInputTopic<String, byte[]> jobs = driver.createInputTopic(Topics.JOBS, new StringSerializer(), new ByteArraySerializer());
        jobs.pipeInput(spec.jobId(), WireSerdes.writeJob(Topics.JOBS, JobEvent.queued(spec)));
        frames.pipeInput("cancel-me", WireSerdes.writeFrame(Topics.FRAMES, frame("cancel-me", 0)));
        frames.pipeInput("cancel-me", WireSerdes.writeFrame(Topics.FRAMES, frame("cancel-me", 2)));
        frames.pipeInput("cancel-me", WireSerdes.writeFrame(Topics.FRAMES, frame("cancel-me", 3)));
        jobs.pipeInput(spec.jobId(), WireSerdes.writeJob(Topics.JOBS, JobEvent.queued(spec).cancelled()));
        jobs.pipeInput(spec.jobId(), WireSerdes.writeJob(Topics.JOBS, JobEvent.queued(spec))); // a final state is never left
        jobs.pipeInput("garbage", new byte[] {9, 9, 9}); // an unreadable job event is skipped

        driver.advanceWallClockTime(FrameReorderer.SWEEP_INTERVAL);
        frames.pipeInput("cancel-me", WireSerdes.writeFrame(Topics.FRAMES, frame("cancel-me", 1)));
        frames.pipeInput("other", WireSerdes.writeFrame(Topics.FRAMES, frame("other", 0)));

        assertThat(ordered.readKeyValuesToList()).extracting(kv -> kv.key + "/" + kv.value.index())
                .containsExactly("cancel-me/0", "other/0");
        KeyValueStore<Bytes, OutputFrame> early = driver.getKeyValueStore(FrameReorderer.EARLY_FRAMES_STORE);
        try (KeyValueIterator<Bytes, OutputFrame> all = early.all()) {
            assertThat(all.hasNext()).isFalse();
        }
    }

    @Test
    void configRaisesTheLargeRecordLimitsForStreamsOwnClientsAndTopics() {
        Properties p = ReorderTopology.config("broker:9092", stateDir, (short) 3);
        assertThat(p).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "inbetween-reorderer")
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry("producer.compression.type", "none") // frames are compressed per record
                .containsEntry("producer.max.request.size", io.inbetween.wire.KafkaLimits.MAX_RECORD_BYTES)
                // about one frame per partition and fetch, two buffered per partition: bounded by size, not by the whole backlog
                .containsEntry("consumer.max.partition.fetch.bytes", io.inbetween.wire.FlowLimits.FRAME_FETCH_BYTES_PER_PARTITION)
                .containsEntry("consumer.fetch.max.bytes", io.inbetween.wire.KafkaLimits.FETCH_BYTES)
                .containsEntry(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, io.inbetween.wire.FlowLimits.REORDER_BUFFERED_FRAMES_PER_PARTITION)
                .containsEntry("topic.max.message.bytes", Integer.toString(io.inbetween.wire.KafkaLimits.MAX_BATCH_BYTES));
        StreamsConfig parsed = new StreamsConfig(p); // every value has a valid type
        assertThat(parsed.getProducerConfigs("c").get("max.request.size")).isEqualTo(io.inbetween.wire.KafkaLimits.MAX_RECORD_BYTES);
    }

    private static String reason(TestRecord<byte[], byte[]> record) { return header(record, Topics.ERROR_HEADER); }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        assertThat(h).as(name + " header").isNotNull();
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private double metric(String name) {
        double sum = 0;
        boolean found = false;
        for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            if (e.getKey().name().equals(name)) { sum += ((Number) e.getValue().metricValue()).doubleValue(); found = true; }
        }
        assertThat(found).as("metric %s exists", name).isTrue();
        return sum;
    }
}
