package io.inbetween.cli;

import io.inbetween.broker.EmbeddedBroker;
import io.inbetween.local.JobClient;
import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestClips;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stages as separate processes on a local broker, as a cluster runs them, with one fault in
 * the middle of a job: a stage killed with SIGKILL and started again, the broker restarted, a
 * node of a 3-node cluster lost. The job must complete with exactly the expected frames, in
 * order, checked one by one on a lossless output: every in-between of the blend synthesizer is
 * the mean of its neighbours, and the count is exact (no frame lost, none doubled).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ProcessFaultTest {
    private static final int PAIRS = 254, OUTPUT_FRAMES = 510; // TestClips.ballLong(): 255 frames of 360x288

    @TempDir Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach void killAll() throws InterruptedException {
        for (Process p : processes) p.destroyForcibly();
        for (Process p : processes) p.waitFor(10, TimeUnit.SECONDS);
    }

    @Test void aKilledStreamAppIsRestartedAndNoEarlierStageRedoesItsWork() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"))) {
            String kafka = broker.bootstrapServers();
            start("decoder", kafka);
            start("interpolator", kafka);
            Process streamApp = start("stream-app", kafka, "--state-dir", dir.resolve("state").toString());
            JobSpec spec = job("stream-app-crash");
            try (JobClient client = new JobClient(kafka)) {
                client.submit(spec);
                awaitProgress(client, spec.jobId(), done -> done >= 60);
                streamApp.destroyForcibly().waitFor();
                start("stream-app", kafka, "--state-dir", dir.resolve("state").toString());
                assertDone(client, spec);
            }
            // the pairs were decoded once and synthesized once: only the encoder wrote its part again
            assertThat(recordsOf(kafka, Topics.PAIRS, spec.jobId())).as("pair records").isEqualTo(distinctIndices(kafka, Topics.PAIRS, spec.jobId()));
            assertThat(recordsOf(kafka, Topics.FRAMES, spec.jobId())).as("synthesized frame records")
                    .isEqualTo(distinctIndices(kafka, Topics.FRAMES, spec.jobId()));
        }
        assertExactBlendOutput(dir.resolve("stream-app-crash.mkv"));
    }

    @Test void aKilledDecoderIsRedoneByTheNextDecoder() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"))) {
            String kafka = broker.bootstrapServers();
            Process decoder = start("decoder", kafka);
            start("interpolator", kafka);
            start("stream-app", kafka, "--state-dir", dir.resolve("state").toString());
            JobSpec spec = job("decoder-crash");
            try (JobClient client = new JobClient(kafka)) {
                client.submit(spec);
                awaitPairs(kafka, spec.jobId(), 40);
                decoder.destroyForcibly().waitFor();
                assertThat(recordsOf(kafka, Topics.PAIRS, spec.jobId())).as("the decoder died mid-job").isLessThan(PAIRS);
                start("decoder", kafka);
                assertDone(client, spec);
            }
        }
        assertExactBlendOutput(dir.resolve("decoder-crash.mkv"));
    }

    @Test void aRestartedBrokerIsRejoinedAndTheJobCompletes() throws Exception {
        Path data = dir.resolve("kafka");
        EmbeddedBroker broker = EmbeddedBroker.start(data);
        String kafka = broker.bootstrapServers();
        try {
            start("decoder", kafka);
            start("interpolator", kafka);
            start("stream-app", kafka, "--state-dir", dir.resolve("state").toString());
            JobSpec spec = job("broker-restart");
            try (JobClient client = new JobClient(kafka)) {
                client.submit(spec);
                awaitProgress(client, spec.jobId(), done -> done >= 40);
                broker.close();
                Thread.sleep(3000);
                broker = EmbeddedBroker.start(data);
                assertThat(broker.bootstrapServers()).as("the same address again").isEqualTo(kafka);
                assertDone(client, spec);
            }
        } finally {
            broker.close();
        }
        assertExactBlendOutput(dir.resolve("broker-restart.mkv"));
    }

    @Test void aThreeNodeClusterLosesANodeAndTheJobCompletes() throws Exception {
        try (EmbeddedBroker cluster = EmbeddedBroker.start(dir.resolve("kafka"), 3, 0)) {
            String kafka = cluster.bootstrapServers();
            start("decoder", kafka);
            start("interpolator", kafka);
            start("stream-app", kafka, "--state-dir", dir.resolve("state").toString());
            JobSpec spec = job("lost-node");
            try (JobClient client = new JobClient(kafka)) {
                client.submit(spec);
                awaitProgress(client, spec.jobId(), done -> done >= 40);
                cluster.stopNode(2);
                assertDone(client, spec);
            }
        }
        assertExactBlendOutput(dir.resolve("lost-node.mkv"));
    }

    // ---- helpers

    private JobSpec job(String id) {
        return new JobSpec(id, TestClips.ballLong().toString(), dir.resolve(id + ".mkv").toString(), OutputRate.factor(2),
                new Encoding(18, "ultrafast", true), 0, 0, JobSpec.DEFAULT_SCENE_THRESHOLD);
    }

    /** {@code inbetween SERVICE --bootstrap-servers KAFKA ...} in a JVM of its own; the blend synthesizer for interpolators. */
    private Process start(String service, String kafka, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "io.inbetween.cli.Inbetween", service, "--bootstrap-servers", kafka));
        if (service.equals("interpolator")) command.addAll(List.of("--synthesizer", "blend", "--batch-size", "2"));
        else // the clip is read from its folder, outputs go to the test's
            command.addAll(List.of("--input-root", TestClips.ballLong().getParent().toString(), "--output-root", dir.toString()));
        command.addAll(List.of(more));
        Path log = dir.resolve(service + "-" + processes.size() + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    private void assertDone(JobClient client, JobSpec spec) {
        JobEvent last = client.await(spec.jobId(), Duration.ofMillis(500), e -> {}, this::checkAlive);
        assertThat(last.state()).as("error: %s", last.error()).isEqualTo(JobState.DONE);
    }

    private void awaitProgress(JobClient client, String jobId, LongPredicate framesDone) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            JobEvent e = client.poll(Duration.ofMillis(200)).get(jobId);
            if (e != null && framesDone.test(e.framesDone())) return;
            assertThat(e == null || !e.state().isFinal()).as("the job ended before the fault: %s", e).isTrue();
            checkAlive();
        }
        throw new AssertionError("job " + jobId + " made no progress in 3 min");
    }

    private void awaitPairs(String kafka, String jobId, long min) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (recordsOf(kafka, Topics.PAIRS, jobId) < min) {
            if (System.nanoTime() > deadline) throw new AssertionError("fewer than " + min + " pairs of " + jobId + " in 3 min");
            checkAlive();
            Thread.sleep(100);
        }
    }

    /** A service that died by itself is a failure, with its log. */
    private void checkAlive() {
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            if (!p.isAlive() && p.exitValue() != 137 && p.exitValue() != 143 && p.exitValue() != 0) {
                String log;
                try (var files = Files.list(dir)) {
                    int index = i;
                    Path file = files.filter(f -> f.getFileName().toString().endsWith("-" + index + ".log")).findFirst().orElseThrow();
                    log = Files.readString(file);
                } catch (IOException e) {
                    log = e.toString();
                }
                throw new AssertionError("service process " + i + " exited with " + p.exitValue() + ":\n" + log);
            }
        }
    }

    private static long recordsOf(String kafka, String topic, String jobId) { return scan(kafka, topic, jobId)[0]; }

    private static long distinctIndices(String kafka, String topic, String jobId) { return scan(kafka, topic, jobId)[1]; }

    /** Committed records of one job on the pairs or frames topic: {count, distinct sequence numbers or frame indices}. */
    private static long[] scan(String kafka, String topic, String jobId) {
        Map<String, Object> config = new HashMap<>(io.inbetween.wire.KafkaLimits.consumer());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long count = 0;
        java.util.Set<Long> distinct = new java.util.HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline)
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String job;
                    long id;
                    if (topic.equals(Topics.PAIRS)) {
                        var pair = Topics.FRAME_PAIRS.value(r.value());
                        job = pair.jobId();
                        id = pair.seq();
                    } else {
                        var frame = Topics.OUTPUT_FRAMES.value(r.value());
                        job = frame.jobId();
                        id = frame.index();
                    }
                    if (!jobId.equals(job)) continue;
                    count++;
                    distinct.add(id);
                }
        }
        return new long[] {count, distinct.size()};
    }

    /** 510 frames; each odd one the rounded mean of its neighbours (the blend), so none is missing, doubled or out of order. */
    static void assertExactBlendOutput(Path output) throws Exception {
        List<byte[]> frames = Ffmpeg.frames(output, 360, 288);
        assertThat(frames).hasSize(OUTPUT_FRAMES);
        for (int n = 1; n < OUTPUT_FRAMES - 1; n += 2) {
            byte[] a = frames.get(n - 1), mid = frames.get(n), b = frames.get(n + 1);
            int worst = 0;
            for (int i = 0; i < mid.length; i++)
                worst = Math.max(worst, Math.abs((mid[i] & 0xff) - ((a[i] & 0xff) + (b[i] & 0xff) + 1) / 2));
            assertThat(worst).as("frame %d is the blend of its neighbours", n).isLessThanOrEqualTo(1);
        }
        for (int n = 0; n + 2 < OUTPUT_FRAMES; n += 2)
            assertThat(frames.get(n)).as("originals %d and %d differ: the ball moves", n, n + 2).isNotEqualTo(frames.get(n + 2));
    }
}
