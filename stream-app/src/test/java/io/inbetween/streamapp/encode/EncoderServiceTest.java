package io.inbetween.streamapp.encode;

import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestMedia;
import io.inbetween.broker.EmbeddedBroker;
import io.inbetween.wire.KafkaClientSettings;
import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.FrameOrigin;
import io.inbetween.wire.DeadLetters;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.Rational;
import io.inbetween.wire.RgbFrame;
import io.inbetween.wire.Topics;
import io.inbetween.wire.VideoInfo;
import io.inbetween.wire.WireSerdes;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The encoder service against a real broker, with frames of a real clip. */
class EncoderServiceTest {
    /** A bound on every wait, so that a broken service fails the test instead of hanging it. */
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final Encoding FAST = new Encoding(20, "ultrafast", false);

    private static Path movie;                 // 160x120 MJPEG with 8-bit PCM audio at 11024 Hz
    private static List<RgbFrame> movieFrames; // its 68 frames
    private static VideoInfo movieInfo;        // as the decoder would publish it for a 2x job

    @TempDir Path dir;
    private EmbeddedBroker broker;
    private KafkaProducer<byte[], byte[]> producer;
    private final List<EncoderService> services = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    @BeforeAll static void decode() throws Exception {
        movie = TestMedia.video("kphotoalbum-movie.avi");
        movieFrames = Media.frames(movie, 1000);
        assertThat(movieFrames).hasSize(68);
        movieInfo = new VideoInfo(160, 120, Rational.of(500000, 33333), Rational.of(1000000, 33333), 4_533_288, 1, 11024, "mjpeg");
    }

    @BeforeEach void startBroker() {
        broker = EmbeddedBroker.start(null);
        Topics.ensure(broker.bootstrapServers());
        producer = new KafkaProducer<>(KafkaClientSettings.producer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers())));
    }

    @AfterEach void stopAll() throws InterruptedException {
        services.forEach(EncoderService::close);
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(30));
        producer.close();
        broker.close();
    }

    @Test
    void writesAJobFromItsOrderedFramesDroppingDuplicatesAndPublishesDone() throws Exception {
        Path out = dir.resolve("movie-2x.mp4");
        JobSpec spec = queued("movie-2x", out);
        List<OutputFrame> frames = doubled("movie-2x");
        int total = frames.size();
        for (OutputFrame f : frames) {
            send(f);
            if (f.index() == 10) { send(frames.get(9)); send(frames.get(10)); } // a retried stretch
        }
        send(frames.get(0));
        send(OutputFrame.endOfStream("movie-2x", total));

        List<Long> written = java.util.Collections.synchronizedList(new ArrayList<>());
        EncoderService service = startService(written::add);
        JobEvent done = awaitState("movie-2x", JobState.DONE);

        assertThat(done.totalFrames()).isEqualTo(total);
        assertThat(done.framesDone()).isEqualTo(total);
        assertThat(Ffmpeg.stream(out, "v")).containsEntry("nb_read_frames", Integer.toString(total))
                .containsEntry("r_frame_rate", "1000000/33333");
        assertThat(Ffmpeg.stream(out, "a")).containsEntry("codec_name", "aac");
        assertThat(Ffmpeg.seconds(Ffmpeg.format(out), "duration")).isCloseTo(total * 33333 / 1e6, org.assertj.core.api.Assertions.within(33333 / 1e6));
        assertThat(VideoEncoder.partialPath(out)).doesNotExist();
        EncoderService.Stats stats = service.stats();
        assertThat(stats.framesWritten()).isEqualTo(total);
        assertThat(stats.jobsDone()).isEqualTo(1);
        assertThat(stats.jobsFailed()).isZero();
        assertThat(stats.openJobs()).isZero();
        assertThat(written).as("the frame-written listener saw each frame once, in order, with its publish time")
                .containsExactlyElementsOf(frames.stream().map(OutputFrame::publishedAtMillis).toList());
    }

    @Test
    void anUnwritableOutputFailsTheJobWithOneLineAndTheNextJobIsWritten() throws Exception {
        Path unwritable = dir.resolve("missing-folder").resolve("a.mp4");
        Path good = dir.resolve("b.mkv");
        publishJob(spec("job-a", unwritable, FAST), movieInfo);
        publishJob(spec("job-b", good, new Encoding(18, "ultrafast", true)), noAudio(movieInfo));
        List<OutputFrame> a = doubled("job-a"), b = doubled("job-b");
        a.forEach(this::send);
        send(OutputFrame.endOfStream("job-a", a.size()));
        b.forEach(this::send);
        send(OutputFrame.endOfStream("job-b", b.size()));

        EncoderService service = startService();
        JobEvent failed = awaitState("job-a", JobState.FAILED);
        assertThat(failed.error()).contains("missing-folder").contains("does not exist").doesNotContain("\n");
        JobEvent done = awaitState("job-b", JobState.DONE);
        assertThat(done.framesDone()).isEqualTo(b.size());
        assertThat(Ffmpeg.stream(good, "v")).containsEntry("nb_read_frames", Integer.toString(b.size())).containsEntry("codec_name", "ffv1");
        assertThat(dir.resolve("missing-folder")).doesNotExist();
        assertThat(service.stats().jobsFailed()).isEqualTo(1);
        assertThat(service.stats().jobsDone()).isEqualTo(1);
    }

    @Test
    void afterAStopMidJobTheJobIsWrittenAgainFromItsFirstFrame() throws Exception {
        Path out = dir.resolve("restart.mp4");
        queued("restart", out);
        List<OutputFrame> frames = doubled("restart");
        RecordMetadata first = send(frames.get(0));
        frames.subList(1, 60).forEach(this::send);

        EncoderService crashing = startService();
        await(() -> crashing.stats().framesWritten() >= 60, "the first 60 frames are written");
        assertThat(crashing.stats().openJobs()).isEqualTo(1);
        stop(crashing);
        assertThat(out).doesNotExist();
        assertThat(VideoEncoder.partialPath(out)).doesNotExist();
        OffsetAndMetadata committed = committedOffset(new TopicPartition(Topics.ORDERED, first.partition()));
        assertThat(committed == null ? 0 : committed.offset()).as("never committed past the open job's first frame")
                .isLessThanOrEqualTo(first.offset());

        frames.subList(60, frames.size()).forEach(this::send);
        send(OutputFrame.endOfStream("restart", frames.size()));
        EncoderService again = startService();
        JobEvent done = awaitState("restart", JobState.DONE);
        assertThat(done.framesDone()).isEqualTo(frames.size());
        assertThat(again.stats().framesWritten()).as("written again from frame 0").isEqualTo(frames.size());
        assertThat(Ffmpeg.stream(out, "v")).containsEntry("nb_read_frames", Integer.toString(frames.size()));
    }

    @Test
    void aCancelledJobIsAbortedAndTheServiceGoesOn() throws Exception {
        Path cancelled = dir.resolve("cancelled.mp4");
        JobSpec spec = queued("to-cancel", cancelled);
        List<OutputFrame> frames = doubled("to-cancel");
        frames.subList(0, 50).forEach(this::send);
        EncoderService service = startService();
        await(() -> service.stats().framesWritten() >= 50, "50 frames are written");
        await(() -> Files.exists(VideoEncoder.partialPath(cancelled)), "the partial file exists");

        publish(JobEvent.queued(spec).running(movieInfo).cancelled());
        await(() -> service.stats().openJobs() == 0, "the job is aborted");
        assertThat(VideoEncoder.partialPath(cancelled)).doesNotExist();
        frames.subList(50, frames.size()).forEach(this::send);
        send(OutputFrame.endOfStream("to-cancel", frames.size()));

        Path next = dir.resolve("next.mp4");
        publishJob(spec("next", next, FAST), noAudio(movieInfo));
        doubled("next").forEach(this::send);
        send(OutputFrame.endOfStream("next", 2L * movieFrames.size()));
        awaitState("next", JobState.DONE);
        assertThat(cancelled).doesNotExist();
        assertThat(latestEvents().get("to-cancel").state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void aMissingFrameFailsTheJobAndAPoisonRecordIsSetAside() throws Exception {
        Path out = dir.resolve("gap.mp4");
        queued("gap", out);
        List<OutputFrame> frames = doubled("gap");
        byte[] poison = "not a frame".getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Topics.ORDERED, "gap".getBytes(StandardCharsets.UTF_8), poison)).get();
        for (OutputFrame f : frames) if (f.index() != 7) send(f);
        send(OutputFrame.endOfStream("gap", frames.size()));

        EncoderService service = startService();
        JobEvent failed = awaitState("gap", JobState.FAILED);
        assertThat(failed.error()).isEqualTo("frame 8 arrived but frame 7 of gap is missing from inbetween.ordered");
        assertThat(out).doesNotExist();
        assertThat(VideoEncoder.partialPath(out)).doesNotExist();

        ConsumerRecord<byte[], byte[]> dead = readDeadLetter();
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(new String(dead.headers().lastHeader(Topics.ERROR_HEADER).value(), StandardCharsets.UTF_8))
                .startsWith("not an Inbetween output frame");
        assertThat(new String(dead.headers().lastHeader(DeadLetters.SOURCE_TOPIC).value(), StandardCharsets.UTF_8)).isEqualTo(Topics.ORDERED);
        assertThat(dead.headers().lastHeader(DeadLetters.SOURCE_PARTITION)).isNotNull();
        assertThat(dead.headers().lastHeader(DeadLetters.SOURCE_OFFSET)).isNotNull();
        assertThat(service.stats().jobsFailed()).isEqualTo(1);
    }

    @Test
    void aJobWhoseFramesStopFailsAfterTheStallTimeoutAndTheServiceGoesOn() throws Exception {
        Path out = dir.resolve("stalled.mp4");
        queued("stalled", out);
        List<OutputFrame> frames = doubled("stalled");
        frames.subList(0, 30).forEach(this::send); // then nothing: its decoder is gone
        EncoderService service = startService(null, Duration.ofSeconds(3));
        JobEvent failed = awaitState("stalled", JobState.FAILED);
        assertThat(failed.error()).isEqualTo("no frame arrived for 3 s after frame 29 (--stall-timeout): "
                + "the decoder or the interpolators stopped, or a frame was lost");
        assertThat(out).doesNotExist();
        assertThat(VideoEncoder.partialPath(out)).doesNotExist();
        assertThat(service.stats().openJobs()).isZero();

        frames.subList(30, frames.size()).forEach(this::send); // late frames of the failed job are dropped
        send(OutputFrame.endOfStream("stalled", frames.size()));
        Path next = dir.resolve("after-stall.mp4");
        publishJob(spec("after-stall", next, FAST), noAudio(movieInfo));
        doubled("after-stall").forEach(this::send);
        send(OutputFrame.endOfStream("after-stall", 2L * movieFrames.size()));
        assertThat(awaitState("after-stall", JobState.DONE).framesDone()).isEqualTo(2L * movieFrames.size());
        assertThat(out).doesNotExist();
        assertThat(latestEvents().get("stalled").state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void anEncoderJoiningTakesPartitionsAndRewritesTheirJobsFromTheStart() throws Exception {
        // one job on each of the four partitions
        List<String> ids = new ArrayList<>();
        java.util.Set<Integer> partitions = new java.util.HashSet<>();
        for (int i = 0; ids.size() < 4; i++) {
            String id = "spread-" + i;
            int partition = org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 4;
            if (partitions.add(partition)) ids.add(id);
        }
        Map<String, List<OutputFrame>> frames = new HashMap<>();
        for (String id : ids) {
            publishJob(spec(id, dir.resolve(id + ".mp4"), FAST), noAudio(movieInfo));
            frames.put(id, doubled(id));
            frames.get(id).subList(0, 60).forEach(this::send);
        }
        EncoderService first = startService();
        await(() -> first.stats().framesWritten() >= 4 * 60 && first.stats().openJobs() == 4, "four jobs are open");

        EncoderService second = startService();
        await(() -> first.stats().openJobs() < 4, "the first encoder gives up some partitions");
        for (String id : ids) {
            List<OutputFrame> f = frames.get(id);
            f.subList(60, f.size()).forEach(this::send);
            send(OutputFrame.endOfStream(id, f.size()));
        }
        int total = 2 * movieFrames.size();
        for (String id : ids) {
            assertThat(awaitState(id, JobState.DONE).framesDone()).isEqualTo(total);
            assertThat(Ffmpeg.stream(dir.resolve(id + ".mp4"), "v")).containsEntry("nb_read_frames", Integer.toString(total));
        }
        assertThat(second.stats().jobsDone()).isPositive();
        assertThat(first.stats().jobsDone() + second.stats().jobsDone()).isEqualTo(4);
        // the moved jobs were written again from frame 0 by their new owner
        assertThat(first.stats().framesWritten() + second.stats().framesWritten()).isGreaterThan(4L * total);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("partial"))).isEmpty();
        }
    }

    // ---- helpers

    /** A job of the test movie, fast settings, published as queued with its video info. */
    private JobSpec queued(String id, Path output) {
        JobSpec spec = spec(id, output, FAST);
        publishJob(spec, movieInfo);
        return spec;
    }

    private JobSpec spec(String id, Path output, Encoding encoding) {
        return new JobSpec(id, movie.toString(), output.toString(), OutputRate.factor(2), encoding, 0, 1, JobSpec.DEFAULT_SCENE_THRESHOLD);
    }

    private static VideoInfo noAudio(VideoInfo i) {
        return new VideoInfo(i.width(), i.height(), i.sourceRate(), i.outputRate(), i.durationMicros(), 0, 0, i.codec());
    }

    /** Every frame of the clip twice: a 2x job whose in-betweens are copies. */
    private static List<OutputFrame> doubled(String job) {
        List<OutputFrame> out = new ArrayList<>();
        for (RgbFrame f : movieFrames) {
            out.add(new OutputFrame(job, out.size(), FrameOrigin.ORIGINAL, 0, f, System.currentTimeMillis()));
            out.add(new OutputFrame(job, out.size(), FrameOrigin.NEAREST, 0.5, f, System.currentTimeMillis()));
        }
        return out;
    }

    private void publishJob(JobSpec spec, VideoInfo info) {
        publish(JobEvent.queued(spec));
        publish(JobEvent.queued(spec).running(info));
    }

    private void publish(JobEvent e) {
        try {
            producer.send(new ProducerRecord<>(Topics.JOBS, e.jobId().getBytes(StandardCharsets.UTF_8), WireSerdes.writeJob(Topics.JOBS, e))).get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private RecordMetadata send(OutputFrame f) {
        try {
            return producer.send(new ProducerRecord<>(Topics.ORDERED, f.jobId().getBytes(StandardCharsets.UTF_8),
                    WireSerdes.writeFrame(Topics.ORDERED, f))).get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private EncoderService startService() { return startService(null); }

    private EncoderService startService(LongConsumer frameWritten) { return startService(frameWritten, EncoderService.DEFAULT_STALL_TIMEOUT); }

    private io.inbetween.wire.PathRoots roots = io.inbetween.wire.PathRoots.ANYWHERE;

    private EncoderService startService(LongConsumer frameWritten, Duration stallTimeout) {
        EncoderService service = new EncoderService(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), stallTimeout, roots);
        if (frameWritten != null) service.onFrameWritten(frameWritten);
        Thread t = new Thread(service, "test-encoder-" + services.size());
        services.add(service);
        threads.add(t);
        t.start();
        return service;
    }

    private void stop(EncoderService service) throws InterruptedException {
        service.close();
        Thread t = threads.get(services.indexOf(service));
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(t.isAlive()).as("the encoder thread ended").isFalse();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting until " + what);
            Thread.sleep(50);
        }
    }

    private JobEvent awaitState(String job, JobState state) {
        return awaitEvent(job, e -> e.state() == state || e.state().isFinal(), state);
    }

    private JobEvent awaitEvent(String job, Predicate<JobEvent> until, JobState expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = jobsReader()) {
            JobEvent known = null;
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    JobEvent e = WireSerdes.readJob(r.topic(), r.value());
                    if (e.jobId().equals(job)) known = JobEvent.merge(known, e);
                }
                if (known != null && until.test(known)) {
                    assertThat(known.state()).as("job %s (error: %s)", job, known.error()).isEqualTo(expected);
                    return known;
                }
            }
            throw new AssertionError("job " + job + " did not reach " + expected + " within " + LIMIT.toSeconds() + " s; last: " + known);
        }
    }

    private Map<String, JobEvent> latestEvents() {
        Map<String, JobEvent> all = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = jobsReader()) {
            TopicPartition p = new TopicPartition(Topics.JOBS, 0);
            long end = consumer.endOffsets(List.of(p)).get(p);
            while (consumer.position(p) < end)
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    JobEvent e = WireSerdes.readJob(r.topic(), r.value());
                    all.merge(e.jobId(), e, JobEvent::merge);
                }
        }
        return all;
    }

    private KafkaConsumer<byte[], byte[]> jobsReader() {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicPartition p = new TopicPartition(Topics.JOBS, 0);
        consumer.assign(List.of(p));
        consumer.seekToBeginning(List.of(p));
        return consumer;
    }

    private ConsumerRecord<byte[], byte[]> readDeadLetter() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(Topics.DEAD_LETTERS, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (System.nanoTime() < deadline)
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) return r;
            throw new AssertionError("no dead letter within " + LIMIT.toSeconds() + " s");
        }
    }

    private OffsetAndMetadata committedOffset(TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(ConfigKeys.ENCODER_GROUP).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition);
        }
    }
}
