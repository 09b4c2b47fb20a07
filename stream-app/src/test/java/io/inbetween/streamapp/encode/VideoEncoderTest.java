package io.inbetween.streamapp.encode;

import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestMedia;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.Rational;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class VideoEncoderTest {
    private static final Logger log = LoggerFactory.getLogger(VideoEncoderTest.class);
    private static final Encoding FAST = new Encoding(20, "ultrafast", false);
    private static final Encoding LOSSLESS = new Encoding(18, "ultrafast", true);

    private static List<RgbFrame> forceConstante; // 400x300, 26 frames at 25 fps, no audio

    @TempDir Path dir;

    @BeforeAll static void decode() throws Exception {
        forceConstante = Media.frames(TestMedia.video("mecavideo-Force_constante.avi"), 100);
        assertThat(forceConstante).hasSize(26);
    }

    @ParameterizedTest(name = "{0} lossless={1}")
    @CsvSource({"out.mp4,false", "out.mov,false", "out.mkv,false", "out.mkv,true", "out.mp4,true"})
    void writesEveryFrameAtTheExactRationalRate(String name, boolean lossless) {
        Path out = dir.resolve(name);
        Rational fps = Rational.of(60000, 1001);
        try (VideoEncoder encoder = VideoEncoder.open(out, 400, 300, fps, lossless ? LOSSLESS : FAST, null)) {
            for (RgbFrame f : forceConstante) { encoder.write(f); encoder.write(f); }
            assertThat(encoder.framesWritten()).isEqualTo(52);
            encoder.finish();
        }
        assertThat(out).isRegularFile();
        assertThat(VideoEncoder.partialPath(out)).doesNotExist();
        Map<String, String> video = Ffmpeg.stream(out, "v");
        log.info("{} lossless={}: {}", name, lossless, video);
        assertThat(video.get("nb_read_frames")).isEqualTo("52");
        if (name.endsWith(".mkv")) {
            // Matroska keeps time in milliseconds (FFmpeg's demuxer then reports 19001/317): each
            // frame is within half a millisecond of n / fps, so the rate is exact on average.
            List<Double> times = Ffmpeg.packetTimes(out, "v");
            assertThat(times).hasSize(52);
            for (int n = 0; n < 52; n++) assertThat(times.get(n)).as("frame %d", n).isCloseTo(n * 1001 / 60000.0, within(0.0005));
        } else {
            assertThat(video.get("r_frame_rate")).isEqualTo("60000/1001");
            assertThat(video.get("avg_frame_rate")).isEqualTo("60000/1001");
        }
        assertThat(video.get("codec_name")).isEqualTo(lossless && name.endsWith(".mkv") ? "ffv1" : "h264");
        assertThat(Ffmpeg.stream(out, "a")).doesNotContainKey("codec_name");
        assertThat(Ffmpeg.seconds(Ffmpeg.format(out), "duration")).isCloseTo(52 * 1001 / 60000.0, within(1001 / 60000.0));
    }

    @Test
    void carriesAacAudioInStepAndKeepsTheDurationWithinOneFrame() throws Exception {
        Path source = TestMedia.video("mecavideo-balle-jbart.mp4"); // 720x576, 25 fps, 10.2 s, AAC stereo 48 kHz
        List<RgbFrame> frames = Media.frames(source, 1000);
        Path out = dir.resolve("balle-2x.mp4");
        Rational fps = Rational.of(50, 1);
        try (VideoEncoder encoder = VideoEncoder.open(out, 720, 576, fps, FAST, source.toString())) {
            for (RgbFrame f : frames) { encoder.write(f); encoder.write(f); }
            encoder.finish();
        }
        assertAudioFollows(source, out, 2 * frames.size(), fps, "aac");
    }

    @Test
    void carriesVorbisSourceAudioIntoLosslessMatroskaAsFlac() throws Exception {
        Path source = TestMedia.video("planetblupi-play101.mkv"); // 320x240 at 1506/125 fps, video starts 12 ms after the audio
        List<RgbFrame> frames = Media.frames(source, 1000);
        Path out = dir.resolve("blupi.mkv");
        Rational fps = Rational.of(1506, 125);
        try (VideoEncoder encoder = VideoEncoder.open(out, 320, 240, fps, LOSSLESS, source.toString())) {
            for (RgbFrame f : frames) encoder.write(f);
            encoder.finish();
        }
        assertAudioFollows(source, out, frames.size(), fps, "flac");
    }

    /**
     * The output's streams against the source's, on the output clock (which starts at the
     * source's first video frame): the same length within one output frame, audio included.
     */
    private static void assertAudioFollows(Path source, Path out, int frames, Rational fps, String codec) {
        double frame = fps.den() / (double) fps.num();
        Map<String, String> video = Ffmpeg.stream(out, "v");
        Map<String, String> audio = Ffmpeg.stream(out, "a");
        double t0 = Ffmpeg.packetTimes(source, "v").get(0);
        double sourceVideo = Ffmpeg.streamEnd(source, "v") - t0, sourceAudio = Ffmpeg.streamEnd(source, "a") - t0;
        double outVideo = Ffmpeg.streamEnd(out, "v"), outAudio = Ffmpeg.streamEnd(out, "a");
        double outDuration = Ffmpeg.seconds(Ffmpeg.format(out), "duration");
        log.info("{}: video {} s, audio {} s, file {} s; source from its first frame: video {} s, audio {} s; {}",
                out.getFileName(), outVideo, outAudio, outDuration, sourceVideo, sourceAudio, audio);
        assertThat(video.get("nb_read_frames")).isEqualTo(Integer.toString(frames));
        assertThat(audio.get("codec_name")).isEqualTo(codec);
        assertThat(outVideo).as("video length").isCloseTo(frames * frame, within(1e-3));
        assertThat(outAudio).as("audio length").isCloseTo(Math.min(sourceAudio, frames * frame), within(frame));
        assertThat(outDuration).as("file duration").isCloseTo(Math.max(sourceVideo, Math.min(sourceAudio, outVideo)), within(frame));
        assertThat(outDuration).as("file duration against the source").isCloseTo(Math.max(sourceVideo, sourceAudio), within(frame));
    }

    @ParameterizedTest(name = "audio {0} s ahead, {1} source -> {2} lossless={3}")
    @CsvSource({"0.3,aac,early.mp4,false", "0.3,aac,early.mkv,true", "-0.25,flac,late.mkv,false", "-0.25,flac,late.mov,false", "0.3,aac,early.mov,true"})
    void keepsTheSoundOnThePictureWhereverTheAudioStarts(double audioLead, String sourceCodec, String name, boolean lossless) throws Exception {
        Path source = AvSync.clip(dir, "sync-" + sourceCodec + ".mkv", audioLead, sourceCodec);
        List<RgbFrame> frames = Media.frames(source, 1000);
        Path out = dir.resolve(name);
        Rational fps = Rational.of(50, 1);
        try (VideoEncoder encoder = VideoEncoder.open(out, 320, 240, fps, lossless ? LOSSLESS : FAST, source.toString())) {
            for (RgbFrame f : frames) { encoder.write(f); encoder.write(f); }
            encoder.finish();
        }
        List<Double> before = AvSync.offsets(source), after = AvSync.offsets(out);
        log.info("{}: beep minus flash {} s in the source, {} s in the output", name, before, after);
        for (int i = 0; i < 3; i++)
            assertThat(after.get(i)).as("event %d", i).isCloseTo(before.get(i), within(1 / 50.0));
        assertThat(Ffmpeg.seconds(Ffmpeg.format(out), "duration")).isCloseTo(frames.size() * 2 / 50.0, within(1 / 50.0));
    }

    /** Writes the frames losslessly at their own size and reads the file back; as many frames come back as went in. */
    private static List<RgbFrame> encodeLosslessAndReadBack(List<RgbFrame> frames, Path out, Rational rate) {
        try (VideoEncoder encoder = VideoEncoder.open(out, frames.get(0).width(), frames.get(0).height(), rate, LOSSLESS, null)) {
            frames.forEach(encoder::write);
            encoder.finish();
        }
        List<RgbFrame> back = Media.frames(out, 100);
        assertThat(back).hasSize(frames.size());
        return back;
    }

    @Test
    void ffv1InMatroskaGivesTheFramesBackBitExact() throws Exception {
        Path out = dir.resolve("gem.mkv");
        List<RgbFrame> frames = Media.frames(TestMedia.video("gem-anim-1.mov"), 30), back = encodeLosslessAndReadBack(frames, out, Rational.of(30, 1));
        assertThat(Ffmpeg.stream(out, "v").get("pix_fmt")).isEqualTo("bgr0");
        for (int i = 0; i < frames.size(); i++)
            assertThat(back.get(i).rgb()).as("frame %d", i).isEqualTo(frames.get(i).rgb());
    }

    @Test
    void losslessX264rgbKeepsThePictureAbove45Db() throws Exception {
        Path out = dir.resolve("balle-lossless.mp4");
        List<RgbFrame> frames = Media.frames(TestMedia.video("mecavideo-balle-jbart.mp4"), 20), back = encodeLosslessAndReadBack(frames, out, Rational.of(25, 1));
        assertThat(Ffmpeg.stream(out, "v").get("profile")).isEqualTo("High 4:4:4 Predictive");
        double worst = Double.POSITIVE_INFINITY;
        for (int i = 0; i < frames.size(); i++) worst = Math.min(worst, psnr(frames.get(i), back.get(i)));
        log.info("libx264rgb qp 0: worst PSNR over {} frames = {} dB", frames.size(), worst);
        assertThat(worst).isGreaterThanOrEqualTo(45);
    }

    /** Odd sizes keep their exact size in every output: H.264 in 4:4:4, libx264rgb, FFV1. */
    @ParameterizedTest
    @CsvSource({"odd.mp4,false,321,241,yuv444p", "odd.mkv,false,17,9,yuv444p", "odd.mp4,true,321,240,gbrp", "odd.mkv,true,321,241,gbrp", "odd.mkv,true,320,241,bgr0",
            "even.mp4,false,320,240,yuv420p"})
    void oddSizesKeepTheirExactSize(String name, boolean lossless, int width, int height, String pixelFormat) {
        Path out = dir.resolve(width + "x" + height + "-" + name);
        List<RgbFrame> frames = forceConstante.subList(0, 6).stream().map(f -> crop(f, width, height)).toList();
        try (VideoEncoder encoder = VideoEncoder.open(out, width, height, Rational.of(25, 1), lossless ? LOSSLESS : FAST, null)) {
            frames.forEach(encoder::write);
            encoder.finish();
        }
        assertThat(Ffmpeg.stream(out, "v")).containsEntry("pix_fmt", pixelFormat).containsEntry("nb_read_frames", "6");
        Ffmpeg.Stream video = Ffmpeg.probe(out);
        assertThat(List.of(video.width(), video.height())).containsExactly(width, height);
        List<RgbFrame> back = Media.frames(out, 10);
        for (int i = 0; i < frames.size(); i++) assertThat(psnr(frames.get(i), back.get(i))).as("frame %d", i).isGreaterThan(lossless ? 45 : 30);
    }

    /** The top-left corner of a frame. */
    private static RgbFrame crop(RgbFrame f, int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) System.arraycopy(f.rgb(), y * f.width() * 3, rgb, y * width * 3, width * 3);
        return new RgbFrame(width, height, rgb);
    }

    @Test
    void lossyOutputIsCloseToTheSource() throws Exception {
        Path out = dir.resolve("fc.mp4");
        try (VideoEncoder encoder = VideoEncoder.open(out, 400, 300, Rational.of(25, 1), Encoding.DEFAULT, null)) {
            forceConstante.forEach(encoder::write);
            encoder.finish();
        }
        Map<String, String> video = Ffmpeg.stream(out, "v");
        assertThat(video.get("pix_fmt")).isEqualTo("yuv420p");
        assertThat(video.get("color_space")).isEqualTo("smpte170m");
        List<RgbFrame> back = Media.frames(out, 100);
        double worst = Double.POSITIVE_INFINITY;
        for (int i = 0; i < back.size(); i++) worst = Math.min(worst, psnr(forceConstante.get(i), back.get(i)));
        log.info("libx264 crf 18 yuv420p: worst PSNR {} dB", worst);
        assertThat(back).hasSize(26);
        assertThat(worst).isGreaterThan(30); // a colour or geometry mistake would drop far below
    }

    @Test
    void closingWithoutFinishingLeavesNothingBehind() {
        Path out = dir.resolve("aborted.mp4");
        try (VideoEncoder encoder = VideoEncoder.open(out, 400, 300, Rational.of(25, 1), FAST, null)) {
            encoder.write(forceConstante.get(0));
            assertThat(VideoEncoder.partialPath(out)).exists().hasFileName(".aborted.partial.mp4");
        }
        assertThat(out).doesNotExist();
        assertThat(VideoEncoder.partialPath(out)).doesNotExist();
    }

    @Test
    void finishingReplacesAnOlderOutput() throws Exception {
        Path out = dir.resolve("again.mkv");
        Files.writeString(out, "an older file");
        try (VideoEncoder encoder = VideoEncoder.open(out, 400, 300, Rational.of(25, 1), LOSSLESS, null)) {
            forceConstante.forEach(encoder::write);
            assertThat(Files.readString(out)).isEqualTo("an older file"); // untouched until the new one is complete
            encoder.finish();
        }
        assertThat(Ffmpeg.stream(out, "v").get("nb_read_frames")).isEqualTo("26");
    }

    @Test
    void anUnwritableOutputFailsAtOpenWithOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertOneLineError(() -> VideoEncoder.open(dir.resolve("missing/out.mp4"), 400, 300, Rational.of(25, 1), FAST, null),
                "folder " + dir.resolve("missing") + " does not exist");
        assertOneLineError(() -> VideoEncoder.open(file.resolve("out.mp4"), 400, 300, Rational.of(25, 1), FAST, null),
                file + " is not a folder");
        assertOneLineError(() -> VideoEncoder.open(dir, 400, 300, Rational.of(25, 1), FAST, null), "the output must end in");
        Files.createDirectory(dir.resolve("folder.mp4"));
        assertOneLineError(() -> VideoEncoder.open(dir.resolve("folder.mp4"), 400, 300, Rational.of(25, 1), FAST, null), "it is a folder");
        assertOneLineError(() -> VideoEncoder.open(dir.resolve("out.avi"), 400, 300, Rational.of(25, 1), FAST, null),
                "must end in .mp4, .m4v, .mov, .mkv or .m3u8 (HLS), not .avi");
        assertOneLineError(() -> VideoEncoder.push("ftp://example.com/live", 400, 300, Rational.of(25, 1), FAST, 0),
                "the URL must be rtmp://, rtmps://, srt://, udp:// or tcp://");
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertOneLineError(() -> VideoEncoder.push("rtmp://127.0.0.1:" + closed + "/live/x", 400, 300, Rational.of(25, 1), FAST, 0),
                "cannot push to rtmp://127.0.0.1:" + closed + "/live/x");
        assertOneLineError(() -> VideoEncoder.open(dir.resolve("noaudio.mp4"), 400, 300, Rational.of(25, 1), FAST,
                dir.resolve("no-such-input.mp4").toString()), "no-such-input.mp4");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("plain-file", "folder.mp4");
        }
    }

    @Test
    void aFrameOfTheWrongSizeIsRefused() {
        try (VideoEncoder encoder = VideoEncoder.open(dir.resolve("size.mp4"), 400, 300, Rational.of(25, 1), FAST, null)) {
            assertOneLineError(() -> encoder.write(new RgbFrame(2, 2, new byte[12])), "frame 0 is 2x2 but the video is 400x300");
        }
    }

    private static void assertOneLineError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String expected) {
        assertThatThrownBy(call).isInstanceOf(EncodingException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    static double psnr(RgbFrame a, RgbFrame b) {
        byte[] x = a.rgb(), y = b.rgb();
        assertThat(y).hasSameSizeAs(x);
        double se = 0;
        for (int i = 0; i < x.length; i++) {
            int d = (x[i] & 0xff) - (y[i] & 0xff);
            se += d * d;
        }
        if (se == 0) return Double.POSITIVE_INFINITY;
        return 10 * Math.log10(255.0 * 255.0 * x.length / se);
    }
}
