package io.inbetween.decoder.scene;

import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestMedia;
import io.inbetween.decoder.source.SourceFrame;
import io.inbetween.decoder.source.VideoSource;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SceneCutDetectorTest {
    private static final Logger log = LoggerFactory.getLogger(SceneCutDetectorTest.class);
    private static final double THRESHOLD = JobSpec.DEFAULT_SCENE_THRESHOLD;

    @TempDir Path dir;

    private static List<Double> scores(Path clip) {
        List<Double> scores = new ArrayList<>();
        try (VideoSource source = VideoSource.open(clip.toString(), Duration.ofSeconds(5))) {
            FrameSignature previous = null;
            for (SourceFrame f = source.next(); f != null; f = source.next()) {
                FrameSignature signature = FrameSignature.of(f.image());
                if (previous != null) scores.add(SceneCutDetector.score(previous, signature));
                previous = signature;
            }
        }
        return scores;
    }

    /** Clips without a cut: large motion (ball, animation, tank treads, camera moves) and a lighting change (play116). */
    @ParameterizedTest
    @ValueSource(strings = {"mecavideo-balle-jbart.mp4", "gem-anim-1.mov", "planetblupi-play110.mkv",
            "planetblupi-play116.mkv", "planetblupi-play118.mkv", "planetblupi-win129.mkv", "mecavideo-Force_constante.avi"})
    void motionAndLightIsNotACut(String name) {
        List<Double> scores = scores(TestMedia.video(name));
        double max = scores.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        log.info("{}: {} pairs, highest cut score {}", name, scores.size(), String.format("%.3f", max));
        assertThat(scores).hasSizeGreaterThan(20).allSatisfy(s -> assertThat(s).isBetween(0.0, THRESHOLD));
    }

    @Test
    void aHardCutBetweenTwoRealClipsScoresAboveTheThreshold() {
        // 20 frames of planetblupi-play105 (animation), then 20 frames of mecavideo-balle-jbart (camera), both 320x240 at 25 fps
        Path joined = Ffmpeg.join(dir.resolve("cut.mp4"), "[0:v]fps=25,trim=end_frame=20,setpts=PTS-STARTPTS[a];"
                        + "[1:v]trim=start=4,setpts=PTS-STARTPTS,scale=320:240,setsar=1,fps=25,trim=end_frame=20[b];[a][b]concat=n=2:v=1[v]",
                List.of("-c:v", "libx264", "-preset", "ultrafast", "-crf", "18"),
                TestMedia.video("planetblupi-play105.mkv"), TestMedia.video("mecavideo-balle-jbart.mp4"));
        List<Double> scores = scores(joined);
        log.info("joined clip: cut score {}, highest elsewhere {}", String.format("%.3f", scores.get(19)),
                String.format("%.3f", scores.stream().filter(s -> s != scores.get(19)).mapToDouble(Double::doubleValue).max().orElse(0)));
        assertThat(scores).hasSize(39);
        for (int i = 0; i < scores.size(); i++) {
            if (i == 19) assertThat(scores.get(i)).as("cut between frames 19 and 20").isGreaterThan(THRESHOLD);
            else assertThat(scores.get(i)).as("pair %d", i).isLessThan(THRESHOLD);
        }
    }

    @Test
    void identicalFramesScoreZeroAndUnrelatedOnesHigh() {
        RgbFrame gradient = frame(320, 240, (x, y) -> new int[] {x * 255 / 320, y * 255 / 240, 128});
        RgbFrame checker = frame(320, 240, (x, y) -> ((x / 20 + y / 20) % 2 == 0) ? new int[] {250, 20, 20} : new int[] {20, 20, 250});
        assertThat(SceneCutDetector.score(FrameSignature.of(gradient), FrameSignature.of(gradient))).isCloseTo(0, within(1e-6));
        assertThat(SceneCutDetector.score(FrameSignature.of(gradient), FrameSignature.of(checker))).isGreaterThan(0.6);
        // a frame darkened by half is the same shot
        RgbFrame darker = frame(320, 240, (x, y) -> new int[] {x * 255 / 640, y * 255 / 480, 64});
        assertThat(SceneCutDetector.score(FrameSignature.of(gradient), FrameSignature.of(darker))).isLessThan(THRESHOLD);
    }

    @Test
    void tinyAndOddSizedFramesWork() {
        RgbFrame small = frame(7, 5, (x, y) -> new int[] {x * 30, y * 40, 0});
        RgbFrame black = frame(7, 5, (x, y) -> new int[] {0, 0, 0});
        assertThat(SceneCutDetector.score(FrameSignature.of(small), FrameSignature.of(small))).isCloseTo(0, within(1e-6));
        assertThat(SceneCutDetector.score(FrameSignature.of(black), FrameSignature.of(black))).isCloseTo(0, within(1e-6));
        assertThat(SceneCutDetector.score(FrameSignature.of(small), FrameSignature.of(black))).isBetween(0.0, 1.0);
    }

    private interface Pixel { int[] at(int x, int y); }

    private static RgbFrame frame(int w, int h, Pixel pixel) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int[] c = pixel.at(x, y);
                for (int k = 0; k < 3; k++) rgb[(y * w + x) * 3 + k] = (byte) c[k];
            }
        return new RgbFrame(w, h, rgb);
    }
}
