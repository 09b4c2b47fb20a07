package io.inbetween.decoder;

import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestMedia;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.FlowLimits;
import io.inbetween.wire.FrameOrigin;
import io.inbetween.wire.FramePair;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.KafkaLimits;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.Rational;
import io.inbetween.wire.Slot;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** JobDecoder on real clips, into a MockProducer. */
@Timeout(300)
class JobDecoderTest {
    @TempDir Path dir;

    private static JobSpec spec(String jobId, Path input, OutputRate rate) {
        return new JobSpec(jobId, input.toString(), "/tmp/" + jobId + ".mp4", rate, Encoding.DEFAULT, 0, 7,
                JobSpec.DEFAULT_SCENE_THRESHOLD);
    }

    private static Published decode(JobSpec spec, MockProducer<String, byte[]> producer, long expectedTotal) {
        try (JobDecoder decoder = new JobDecoder(producer, Duration.ofSeconds(5), false)) {
            assertThat(decoder.decode(spec, () -> false)).isEqualTo(expectedTotal);
        }
        Published out = Published.from(producer);
        assertCompleteTimeline(spec, out, expectedTotal);
        return out;
    }

    @Test
    void aFileIsPublishedAtMostAFewSecondsAheadOfWhatTheEncoderHasWritten() throws Exception {
        // mecavideo-balle-jbart: 255 frames at 25 fps, doubled: pair s is due once about 2s output frames are written
        MockProducer<String, byte[]> producer = Published.producer();
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong(0);
        JobSpec spec = spec("held", TestMedia.video("mecavideo-balle-jbart.mp4"), OutputRate.factor(2));
        try (JobDecoder decoder = new JobDecoder(producer, Duration.ofSeconds(5), false)) {
            decoder.holdBackBy(job -> written.get());
            Thread worker = new Thread(() -> decoder.decode(spec, () -> false));
            worker.start();
            // while nothing is written: pairs 0..DECODER_PAIRS_AHEAD, then it waits
            assertThat(pairsPublishedOnceSettled(producer, FlowLimits.DECODER_PAIRS_AHEAD + 1)).isEqualTo(FlowLimits.DECODER_PAIRS_AHEAD + 1);
            written.set(200); // the encoder is at output frame 200, source frame 100: pairs up to 100 + the window may go
            assertThat(pairsPublishedOnceSettled(producer, 100 + FlowLimits.DECODER_PAIRS_AHEAD + 1)).isEqualTo(100 + FlowLimits.DECODER_PAIRS_AHEAD + 1);
            written.set(-1); // progress unknown: the decoder never waits for it
            worker.join(30_000);
            assertThat(worker.isAlive()).isFalse();
        }
        assertCompleteTimeline(spec, Published.from(producer), 510);
    }

    /** Waits (a bounded time) until {@code expected} pairs are out, then a little longer: the count it settles at. */
    private static long pairsPublishedOnceSettled(MockProducer<String, byte[]> producer, long expected) throws InterruptedException {
        java.util.function.LongSupplier count = () -> producer.history().stream().filter(r -> r.topic().equals(Topics.PAIRS)).count();
        for (int i = 0; i < 400 && count.getAsLong() < expected; i++) Thread.sleep(50);
        Thread.sleep(300);
        return count.getAsLong();
    }

    /** Originals + slots + tail copies cover 0..N-1 exactly once, the end marker comes last, events bracket the frames. */
    private static void assertCompleteTimeline(JobSpec spec, Published out, long total) {
        Map<Long, String> seen = new HashMap<>();
        for (OutputFrame f : out.frames())
            if (!f.isEndOfStream()) assertThat(seen.put(f.index(), f.origin().name())).as("index %d once", f.index()).isNull();
        for (FramePair p : out.pairs())
            for (Slot s : p.slots()) assertThat(seen.put(s.outputIndex(), "pair " + p.seq())).as("index %d once", s.outputIndex()).isNull();
        assertThat(seen).hasSize((int) total);
        assertThat(seen.keySet()).allSatisfy(i -> assertThat(i).isBetween(0L, total - 1));

        OutputFrame last = out.frames().get(out.frames().size() - 1);
        assertThat(last.isEndOfStream()).isTrue();
        assertThat(last.index()).isEqualTo(total);
        assertThat(out.frames().stream().filter(OutputFrame::isEndOfStream)).hasSize(1);

        // RUNNING (acknowledged) before anything else, the total after everything else
        assertThat(out.topics().get(0)).isEqualTo(Topics.JOBS);
        assertThat(out.topics().get(out.topics().size() - 1)).isEqualTo(Topics.JOBS);
        assertThat(out.events()).hasSize(2);
        assertThat(out.events().get(0).state()).isEqualTo(JobState.RUNNING);
        assertThat(out.events().get(0).info()).isNotNull();
        assertThat(out.events().get(1).totalFrames()).isEqualTo(total);
        assertThat(out.events()).allSatisfy(e -> assertThat(e.spec()).isEqualTo(spec));

        // consecutive pairs share a frame: pair i's second frame is pair i+1's first
        for (int i = 0; i + 1 < out.pairs().size(); i++) {
            FramePair a = out.pairs().get(i), b = out.pairs().get(i + 1);
            assertThat(out.pairKeys().get(i)).isEqualTo(a.key());
            if (b.seq() == a.seq() + 1) {
                assertThat(a.frame1().rgb()).isEqualTo(b.frame0().rgb());
                assertThat(a.pts1Micros()).isEqualTo(b.pts0Micros());
            }
            assertThat(b.seq()).isGreaterThan(a.seq());
        }
        for (FramePair p : out.pairs()) {
            assertThat(p.steps()).isEqualTo(spec.steps());
            assertThat(p.seed()).isEqualTo(spec.seed());
        }
    }

    @Test
    void producerCarriesTheSizeLimitsNoBatchCompressionAndFullAcknowledgement() {
        Map<String, Object> config = JobDecoder.producerConfig(Map.of("bootstrap.servers", "broker:9092"));
        assertThat(config)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none") // frames are compressed per record
                .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KafkaLimits.MAX_RECORD_BYTES)
                .containsEntry("bootstrap.servers", "broker:9092");
        assertThat(JobDecoder.producerConfig(Map.of("compression.type", "zstd")))
                .as("the command's --kafka settings win").containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    }

    @Test
    void doublesTwentySixFramesIntoFiftyTwo() {
        // mecavideo-Force_constante.avi: 400x300 mpeg4, 26 frames at 25 fps
        JobSpec spec = spec("force-2x", TestMedia.video("mecavideo-Force_constante.avi"), OutputRate.factor(2));
        MockProducer<String, byte[]> producer = Published.producer();
        Published out = decode(spec, producer, 52);

        assertThat(out.events().get(0).info().sourceRate()).isEqualTo(Rational.of(25, 1));
        assertThat(out.events().get(0).info().outputRate()).isEqualTo(Rational.of(50, 1));
        assertThat(out.events().get(0).info().width()).isEqualTo(400);
        assertThat(out.pairs()).hasSize(25);
        assertThat(out.pairs()).allSatisfy(p -> {
            assertThat(p.slots()).singleElement().satisfies(s -> {
                assertThat(s.tau()).isEqualTo(0.5);
                assertThat(s.outputIndex()).isEqualTo(2 * p.seq() + 1);
            });
            assertThat(p.pts1Micros() - p.pts0Micros()).isEqualTo(40_000);
            assertThat(p.sceneCut()).isFalse();
        });
        List<OutputFrame> originals = out.frames().stream().filter(f -> f.origin() == FrameOrigin.ORIGINAL).toList();
        assertThat(originals).hasSize(26).allSatisfy(f -> assertThat(f.index() % 2).isZero());
        // the original frames are the pairs' frames, byte for byte
        for (FramePair p : out.pairs())
            assertThat(originals.get((int) p.seq()).frame().rgb()).isEqualTo(p.frame0().rgb());
        assertThat(out.frames().stream().filter(f -> f.origin() == FrameOrigin.NEAREST).map(OutputFrame::index)).containsExactly(51L);
    }

    @Test
    void quadruplesAndConvertsToSixty() {
        Path clip = TestMedia.video("mecavideo-Force_constante.avi");
        Published x4 = decode(spec("force-4x", clip, OutputRate.factor(4)), Published.producer(), 104);
        assertThat(x4.pairs()).allSatisfy(p -> assertThat(p.slots()).extracting(Slot::tau).containsExactly(0.25, 0.5, 0.75));

        Published fps60 = decode(spec("force-60", clip, OutputRate.fps(Rational.of(60, 1))), Published.producer(), 63);
        assertThat(fps60.frames().stream().filter(f -> f.origin() == FrameOrigin.ORIGINAL)).hasSize(6);
    }

    @Test
    void mjpegWithPcmAudioAndAnOddRate() {
        // kphotoalbum-movie.avi: 160x120 mjpeg + pcm, 68 frames at 500000/33333 fps
        Published out = decode(spec("kphoto", TestMedia.video("kphotoalbum-movie.avi"), OutputRate.factor(2)), Published.producer(), 136);
        var info = out.events().get(0).info();
        assertThat(info.sourceRate()).isEqualTo(Rational.of(500000, 33333));
        assertThat(info.hasAudio()).isTrue();
        assertThat(info.codec()).isEqualTo("mjpeg");
    }

    @Test
    void variableFrameRateTakesTausFromRealTimestamps() {
        // gem-anim-1.mov (30 fps) re-timed: frames 0..30 two ticks of 1/30 s apart, the rest one tick apart
        Path vfr = Ffmpeg.ffmpeg("-i", TestMedia.video("gem-anim-1.mov").toString(),
                "-vf", "setpts='if(lt(N,30),2*N,30+N)/(30*TB)'", "-fps_mode", "vfr", "-c:v", "mjpeg", "-q:v", "3",
                dir.resolve("vfr.mkv").toString());
        JobSpec spec = spec("vfr", vfr, OutputRate.fps(Rational.of(30, 1)));
        MockProducer<String, byte[]> producer = Published.producer();
        try (JobDecoder decoder = new JobDecoder(producer, Duration.ofSeconds(5), false)) {
            decoder.decode(spec, () -> false);
        }
        Published out = Published.from(producer);
        // mkv stores milliseconds (66-67 ms gaps where the rate is low): one slot midway in each slow pair
        assertThat(out.pairs()).hasSize(30).allSatisfy(p -> {
            assertThat(p.seq()).isLessThan(30);
            assertThat(p.pts1Micros() - p.pts0Micros()).isBetween(66_000L, 67_000L);
            assertThat(p.slots()).singleElement().satisfies(s -> assertThat(s.tau()).isCloseTo(0.5, within(0.02)));
        });
        // where the source already runs at 30 fps, every output frame is an original (no pair is sent)
        assertThat(out.frames().stream().filter(f -> f.origin() == FrameOrigin.ORIGINAL)).hasSize(91);
        // 91 frames over (2*30 + 60)/30 = 4 s, plus the last frame's duration
        long total = out.events().get(1).totalFrames();
        assertThat(total).isEqualTo(121);
        assertCompleteTimeline(spec, out, total);
    }

    @Test
    void flagsTheOnePairThatSpansAHardCut() {
        // one second of gem-anim-1, then one second of balle-jbart scaled to the same size: a cut after frame 29
        Path joined = Ffmpeg.join(dir.resolve("cut.avi"), "[0:v]trim=end_frame=30,setpts=PTS-STARTPTS,fps=30[a];"
                        + "[1:v]trim=start=2:end=3,setpts=PTS-STARTPTS,scale=256:256,setsar=1,fps=30[b];[a][b]concat=n=2:v=1[v]",
                List.of("-c:v", "mjpeg", "-q:v", "3"), TestMedia.video("gem-anim-1.mov"), TestMedia.video("mecavideo-balle-jbart.mp4"));
        MockProducer<String, byte[]> producer = Published.producer();
        try (JobDecoder decoder = new JobDecoder(producer, Duration.ofSeconds(5), false)) {
            decoder.decode(spec("cut", joined, OutputRate.factor(2)), () -> false);
        }
        Published out = Published.from(producer);
        assertThat(out.pairs()).hasSize(59);
        assertThat(out.pairs().stream().filter(FramePair::sceneCut).map(FramePair::seq)).containsExactly(29L);
    }

    @Test
    void badInputPublishesAFailedEventAndNoFrame() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video\n".repeat(100));
        MockProducer<String, byte[]> producer = Published.producer();
        try (JobDecoder decoder = new JobDecoder(producer, Duration.ofSeconds(5), false)) {
            assertThatThrownBy(() -> decoder.decode(spec("bad", text, OutputRate.factor(2)), () -> false))
                    .isInstanceOf(InputException.class)
                    .hasMessage(text + " is not a video (ffmpeg: Invalid data found when processing input)");
        }
        Published out = Published.from(producer);
        assertThat(out.frames()).isEmpty();
        assertThat(out.pairs()).isEmpty();
        assertThat(out.events()).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(JobState.FAILED);
            assertThat(e.error()).isEqualTo(text + " is not a video (ffmpeg: Invalid data found when processing input)");
        });
    }

    @Test
    void truncatedFileWithItsIndexFirstFailsInsteadOfPublishingAShortVideo() throws Exception {
        // mp4 with the moov box first (faststart), cut at 40%: it opens, then runs out of frames at about 4 s of 10.2
        Path faststart = Ffmpeg.ffmpeg("-i", TestMedia.video("mecavideo-balle-jbart.mp4").toString(), "-c", "copy",
                "-movflags", "+faststart", dir.resolve("faststart.mp4").toString());
        byte[] whole = Files.readAllBytes(faststart);
        Path cut = Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(whole, whole.length * 40 / 100));
        MockProducer<String, byte[]> producer = Published.producer();
        try (JobDecoder decoder = new JobDecoder(producer, Duration.ofSeconds(5), false)) {
            assertThatThrownBy(() -> decoder.decode(spec("trunc", cut, OutputRate.factor(2)), () -> false))
                    .isInstanceOf(InputException.class)
                    .hasMessageStartingWith(cut + " is truncated or corrupt: decoding stopped at ")
                    .hasMessageEndingWith(" s of 10.2 s");
        }
        Published out = Published.from(producer);
        assertThat(out.events()).extracting(JobEvent::state).containsExactly(JobState.RUNNING, JobState.FAILED);
        assertThat(out.frames()).noneSatisfy(f -> assertThat(f.isEndOfStream()).isTrue());
    }

    @Test
    void cancellationStopsPublishing() {
        AtomicInteger polls = new AtomicInteger();
        MockProducer<String, byte[]> producer = Published.producer();
        try (JobDecoder decoder = new JobDecoder(producer, Duration.ofSeconds(5), false)) {
            assertThatThrownBy(() -> decoder.decode(spec("cancel", TestMedia.video("gem-anim-1.mov"), OutputRate.factor(2)),
                    () -> polls.incrementAndGet() > 10))
                    .isInstanceOf(CancellationException.class);
        }
        Published out = Published.from(producer);
        assertThat(out.pairs()).hasSizeLessThanOrEqualTo(10);
        assertThat(out.frames()).noneSatisfy(f -> assertThat(f.isEndOfStream()).isTrue());
        assertThat(out.events()).extracting(JobEvent::state).containsExactly(JobState.RUNNING);
    }

    @Test
    void framesAboveTheRecordLimitFailAtOnceNamingIt() {
        // 8K: a pair is 199 MB raw, far above max.request.size; the job fails before decoding a frame
        Path huge = Ffmpeg.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=7680x4320:rate=2:duration=1", "-c:v", "mjpeg",
                "-q:v", "10", dir.resolve("8k.avi").toString());
        MockProducer<String, byte[]> producer = Published.producer();
        try (JobDecoder decoder = new JobDecoder(producer, Duration.ofSeconds(5), false)) {
            assertThatThrownBy(() -> decoder.decode(spec("8k", huge, OutputRate.factor(2)), () -> false))
                    .isInstanceOf(InputException.class)
                    .hasMessage("a 7680x4320 frame pair is 199.1 MB, above Inbetween's max.request.size of 64 MB "
                            + "(KafkaLimits.MAX_RECORD_BYTES); downscale the input or raise the limit");
        }
        Published out = Published.from(producer);
        assertThat(out.frames()).isEmpty();
        assertThat(out.events()).extracting(JobEvent::state).containsExactly(JobState.FAILED);
    }

    @Test
    void lastFrameIsHeldUntilTheVideoEnds() {
        // planetblupi-play110.mkv: the container (8.5 s, audio included) outlasts the last frame (7.9 s)
        Published out = decode(spec("blupi", TestMedia.video("planetblupi-play110.mkv"), OutputRate.factor(2)),
                Published.producer(), 205);
        List<Long> nearest = new ArrayList<>();
        for (OutputFrame f : out.frames()) if (f.origin() == FrameOrigin.NEAREST) nearest.add(f.index());
        assertThat(nearest).hasSizeGreaterThan(1);
    }
}
