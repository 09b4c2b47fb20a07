package io.inbetween.cli;

import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestClips;
import io.inbetween.broker.EmbeddedBroker;
import io.inbetween.cli.Inbetween;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path on real parts: real clips, Debian's ffmpeg as the judge, a real KRaft broker, the
 * real services, driven through the same command line a user types. Most runs share one broker
 * (as jobs on a cluster do); one run starts its own embedded broker, like `./inbetween upscale`.
 */
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class UpscaleEndToEndTest {
    static EmbeddedBroker broker;
    @TempDir static Path out;

    @BeforeAll static void startBroker() { broker = EmbeddedBroker.start(null); }

    @AfterAll static void stopBroker() { if (broker != null) broker.close(); }

    static int upscale(StringWriter err, String... args) {
        List<String> all = new ArrayList<>(List.of("upscale"));
        all.addAll(List.of(args));
        return Inbetween.execute(all.toArray(String[]::new), new PrintWriter(err, true));
    }

    /** Runs on the shared broker with the blend synthesizer, asserting success. */
    static Path upscaleOk(String input, String output, String... extra) {
        List<String> args = new ArrayList<>(List.of(input, "-o", out.resolve(output).toString(),
                "--bootstrap-servers", broker.bootstrapServers(), "--synthesizer", "blend", "--preset", "ultrafast"));
        args.addAll(List.of(extra));
        StringWriter err = new StringWriter();
        int code = upscale(err, args.toArray(String[]::new));
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        return out.resolve(output);
    }

    @Test void frameCountsAndRatesAreExact() {
        String ball = TestClips.ballWithAudio().toString(); // 50 frames at 25 fps
        Ffmpeg.Stream x2 = Ffmpeg.probe(upscaleOk(ball, "x2.mp4", "--factor", "2"));
        assertThat(x2.frames()).isEqualTo(100);
        assertThat(x2.rate()).isEqualTo("50/1");
        Ffmpeg.Stream x4 = Ffmpeg.probe(upscaleOk(ball, "x4.mp4", "--factor", "4"));
        assertThat(x4.frames()).isEqualTo(200);
        assertThat(x4.rate()).isEqualTo("100/1");
        Ffmpeg.Stream to60 = Ffmpeg.probe(upscaleOk(ball, "to60.mp4", "--fps", "60"));
        assertThat(to60.frames()).isEqualTo(120);
        assertThat(to60.rate()).isEqualTo("60/1");
        Ffmpeg.Stream ntsc = Ffmpeg.probe(upscaleOk(ball, "ntsc.mp4", "--fps", "60000/1001"));
        assertThat(ntsc.rate()).isEqualTo("60000/1001");
        assertThat(ntsc.frames()).isEqualTo(120); // ceil(2 s * 59.94) = 120
    }

    /** An odd size, as a real clip cropped to 319x241 (FFV1, which stores it), comes out at that size: default H.264 (CRVD) and lossless. */
    @Test void oddSizesComeOutAtTheirOwnSize() {
        Path odd = Ffmpeg.ffmpeg("-i", TestClips.ballWithAudio().toString(), "-frames:v", "12", "-vf", "format=yuv444p,crop=319:241:0:0", "-an",
                "-c:v", "ffv1", out.resolve("odd-source.mkv").toString());
        Ffmpeg.Stream source = Ffmpeg.probe(odd);
        assertThat(List.of(source.width(), source.height())).containsExactly(319, 241);
        StringWriter err = new StringWriter(); // the model (not the blend) at an odd size, default encoding
        assertThat(upscale(err, odd.toString(), "-o", out.resolve("odd.mp4").toString(), "--bootstrap-servers", broker.bootstrapServers(),
                "--preset", "ultrafast")).as("stderr: %s", err).isZero();
        Ffmpeg.Stream lossy = Ffmpeg.probe(out.resolve("odd.mp4"));
        assertThat(List.of(lossy.width(), lossy.height(), lossy.frames())).containsExactly(319, 241, 24L);
        Ffmpeg.Stream lossless = Ffmpeg.probe(upscaleOk(odd.toString(), "odd.mkv", "--lossless"));
        assertThat(List.of(lossless.width(), lossless.height(), lossless.frames())).containsExactly(319, 241, 24L);
        List<byte[]> in = Ffmpeg.frames(odd, 319, 241), back = Ffmpeg.frames(out.resolve("odd.mkv"), 319, 241);
        for (int i = 0; i < in.size(); i++) assertThat(back.get(2 * i)).as("original %d, bit exact", i).isEqualTo(in.get(i));
    }

    /** A phone clip tagged to be shown turned by 90 degrees comes out tagged the same, at the stored size. */
    @Test void theDisplayRotationIsKept() {
        Path upright = Ffmpeg.ffmpeg("-i", TestClips.ballWithAudio().toString(), "-frames:v", "10", "-an", "-c:v", "libx264", "-preset", "ultrafast",
                out.resolve("upright-source.mp4").toString());
        Path rotated = Ffmpeg.ffmpeg("-i", upright.toString(), "-c", "copy", "-metadata:s:v:0", "rotate=90", out.resolve("rotated-source.mp4").toString());
        assertThat(Ffmpeg.run("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "stream_side_data=rotation",
                "-of", "default=nw=1:nk=1", rotated.toString()).strip()).isEqualTo("90");
        for (String name : List.of("rotated.mp4", "rotated.mov")) {
            Path result = upscaleOk(rotated.toString(), name);
            assertThat(Ffmpeg.run("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "stream_side_data=rotation",
                    "-of", "default=nw=1:nk=1", result.toString()).strip()).as(name).isEqualTo("90");
            Ffmpeg.Stream s = Ffmpeg.probe(result);
            assertThat(List.of(s.width(), s.height(), s.frames())).as(name).containsExactly(320, 256, 2 * Ffmpeg.probe(rotated).frames());
        }
    }

    @Test void audioIsKeptAndDurationsMatch() {
        Path in = TestClips.ballWithAudio();
        Ffmpeg.Stream source = Ffmpeg.probe(in);
        Ffmpeg.Stream result = Ffmpeg.probe(upscaleOk(in.toString(), "audio.mp4", "--fps", "60"));
        assertThat(result.audio()).as("audio stream").isTrue();
        assertThat(result.duration()).isCloseTo(source.duration(), org.assertj.core.data.Offset.offset(1 / 60.0 + 0.03));
        assertThat(result.audioDuration()).isCloseTo(source.audioDuration(), org.assertj.core.data.Offset.offset(0.05));
    }

    /** Own embedded broker, lossless: the originals come out as they went in. */
    @Test void originalsPassThroughLosslessOnTheEmbeddedBroker() {
        Path in = TestClips.ballWithAudio();
        StringWriter err = new StringWriter();
        Path result = out.resolve("lossless.mkv");
        int code = upscale(err, in.toString(), "-o", result.toString(), "--lossless", "--synthesizer", "blend");
        assertThat(code).as("stderr: %s", err).isZero();
        List<byte[]> source = Ffmpeg.frames(in, 320, 256);
        List<byte[]> output = Ffmpeg.frames(result, 320, 256);
        assertThat(output).hasSize(2 * source.size());
        for (int i = 0; i < source.size(); i++)
            assertThat(Ffmpeg.psnr(source.get(i), output.get(2 * i))).as("original frame %d", i).isGreaterThanOrEqualTo(45);
    }

    @Test void aSynthesizedFrameLiesBetweenItsNeighbours() {
        Path result = upscaleOk(TestClips.slidingSquare().toString(), "square.mkv", "--lossless");
        List<byte[]> frames = Ffmpeg.frames(result, 320, 240);
        assertThat(frames).hasSize(50);
        for (int n = 1; n + 1 < frames.size() - 2; n += 2) { // the last pair repeats the final frame
            double before = squareX(frames.get(n - 1)), middle = squareX(frames.get(n)), after = squareX(frames.get(n + 1));
            assertThat(after - before).as("the square moves 8 px per source frame").isCloseTo(8, org.assertj.core.data.Offset.offset(0.5));
            assertThat(middle).as("frame %d", n).isCloseTo((before + after) / 2, org.assertj.core.data.Offset.offset(1.0));
        }
    }

    @Test void aHardCutIsNotMorphed() {
        Path in = TestClips.hardCut();
        List<byte[]> source = Ffmpeg.frames(in, 320, 256);
        List<byte[]> output = Ffmpeg.frames(upscaleOk(in.toString(), "cut.mkv", "--lossless"), 320, 256);
        int cut = 25; // first frame of the second shot
        assertThat(Ffmpeg.psnr(source.get(cut - 1), source.get(cut))).as("the clip really cuts").isLessThan(15);
        byte[] between = output.get(2 * cut - 1);
        double bestMatch = Math.max(Ffmpeg.psnr(between, source.get(cut - 1)), Ffmpeg.psnr(between, source.get(cut)));
        assertThat(bestMatch).as("the frame across the cut is one of the two originals, not a mix").isGreaterThan(45);
    }

    /**
     * Mean x of the pure magenta pixels in the square's rows. A blend keeps the overlap of the two
     * squares magenta and mixes their edges with the photo, so its centre is the midpoint too.
     */
    static double squareX(byte[] rgb) {
        double sum = 0;
        int count = 0;
        for (int y = 100; y < 140; y++)
            for (int x = 0; x < 320; x++) {
                int i = (y * 320 + x) * 3;
                if ((rgb[i] & 0xff) > 235 && (rgb[i + 1] & 0xff) < 20 && (rgb[i + 2] & 0xff) > 235) { sum += x; count++; }
            }
        assertThat(count).as("magenta pixels").isGreaterThan(100);
        return sum / count;
    }
}
