package io.inbetween.training.data;

import io.inbetween.testing.TestMedia;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real triplets from the allowed clips: decoding, the split, crops. Decodes every allowed clip once. */
class RealClipsTest {
    private static Path media;
    private static final Map<String, DecodedClip> clips = new HashMap<>();

    @BeforeAll static void decodeAllowedClips() {
        media = TestMedia.dir();
        for (Path file : AllowedClips.list(media)) clips.put(file.getFileName().toString(), DecodedClip.decode(file));
    }

    @Test void theAllowedListIsExactlyTheIssuesClips() {
        List<String> names = AllowedClips.list(media).stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).contains("mecavideo-Force_constante.avi", "mecavideo-Principe_inertie.avi", "mecavideo-Effet_force_magnetique.ogv",
                "mecavideo-g1.avi", "mecavideo-g2.avi", "kphotoalbum-movie.avi", "gem-anim-1.mov", "gem-homer.avi", "gem-alea.mpg",
                "planetblupi-play101.mkv", "planetblupi-win005.mkv");
        assertThat(names).doesNotContain("mecavideo-balle-jbart.mp4", "mecavideo-balle1-vp9.avi");
        assertThat(names).allMatch(AllowedClips::isAllowed);
        assertThat(AllowedClips.isAllowed("mecavideo-balle-jbart.mp4")).isFalse();
    }

    @Test void everyAllowedClipDecodesToTheFrameCountFfprobeSees() throws Exception {
        assertThat(clips).hasSizeGreaterThanOrEqualTo(20);
        for (DecodedClip clip : clips.values()) {
            assertThat(clip.frameCount()).as(clip.name()).isGreaterThanOrEqualTo(16);
            assertThat(clip.frameCount()).as("%s: the split counts frames as ffprobe does", clip.name())
                    .isEqualTo(ffprobeFrameCount(media.resolve("videos").resolve(clip.name())));
            RgbFrame first = clip.frame(0);
            assertThat(first.width()).isEqualTo(clip.width());
            assertThat(variance(first)).as("%s shows a picture, not a flat frame", clip.name()).isGreaterThan(10);
        }
    }

    @Test void heldOutFramesNeverAppearInTrainingWindows() {
        RealTriplets real = new RealTriplets(new ArrayList<>(clips.values()), 128, 128);
        assertThat(real.windowCount()).isGreaterThan(1000);
        for (ClipWindow w : real.windows()) {
            int count = clips.get(w.clip()).frameCount();
            assertThat(HeldOut.WHOLE_CLIPS).doesNotContain(w.clip());
            for (int i = w.first(); i <= w.last(); i++)
                assertThat(HeldOut.isTrainable(w.clip(), i, count)).as("%s touches frame %d", w, i).isTrue();
        }
        // Frozen stretches (planetblupi opens on still frames) are not training windows.
        DecodedClip play101 = clips.get("planetblupi-play101.mkv");
        assertThat(real.windows()).noneMatch(w -> w.clip().equals(play101.name())
                && WindowContent.difference(play101.frame(w.first()), play101.frame(w.last())) < WindowContent.FROZEN);
    }

    @Test void cropsAreDeterministicUnitValuedAndScaleUpSmallClips() {
        DecodedClip small = clips.get("kphotoalbum-movie.avi"); // 160x120, smaller than the crop
        RealTriplets real = new RealTriplets(List.of(small), 192, 144);
        Triplet a = real.next(new Random(4)), b = real.next(new Random(4));
        assertThat(a.width()).isEqualTo(192);
        assertThat(a.height()).isEqualTo(144);
        SameFrame.assertSameFrame(a.middle(), b.middle(), "same seed");
        for (float v : a.frame0()) assertThat(v).isBetween(0f, 1f);
        assertThat(a.tau()).isIn(0.25f, 0.5f, 0.75f);
    }

    @Test void windowsAcrossFreezesHeldFramesCutsAndGlitchesAreNotUsed() {
        WindowContent magnet = new WindowContent(clips.get("mecavideo-Effet_force_magnetique.ogv"));
        assertThat(magnet.usable(new ClipWindow("m", 0, 1, 2))).as("title card held, then the film").isFalse();
        assertThat(magnet.usable(new ClipWindow("m", 1, 2, 3))).as("cut from the title card").isFalse();
        assertThat(magnet.usable(new ClipWindow("m", 10, 11, 12))).as("two pucks moving").isTrue();
        assertThat(magnet.usable(new ClipWindow("m", 10, 13, 14))).isTrue();
        WindowContent history = new WindowContent(clips.get("planetblupi-history2.mkv"));
        assertThat(history.usable(new ClipWindow("h", 102, 103, 104))).as("a frame of noise").isFalse();
        assertThat(history.usable(new ClipWindow("h", 60, 61, 62))).as("a pan").isTrue();
        DecodedClip play101 = clips.get("planetblupi-play101.mkv");
        WindowContent still = new WindowContent(play101);
        int end = play101.frameCount() - 1;
        assertThat(still.usable(new ClipWindow("p", end - 4, end - 2, end))).as("the frozen last frames").isFalse();
    }

    @Test void cropsShowMotionEvenInMostlyStillClips() {
        RealTriplets dice = new RealTriplets(List.of(clips.get("gem-alea.mpg")), 64, 64); // small dice on black
        Random rng = new Random(8);
        int still = 0;
        for (int i = 0; i < 200; i++) {
            Triplet t = dice.next(rng);
            double diff = 0;
            for (int k = 0; k < t.frame0().length; k++) diff += Math.abs(t.frame0()[k] - t.frame1()[k]);
            if (diff / t.frame0().length < WindowContent.FROZEN) still++;
        }
        assertThat(still).as("crops without motion out of 200").isLessThan(10);
    }

    @Test void aCropAtScaleOneIsExactlyThePixelsOfTheFrame() {
        DecodedClip clip = clips.get("mecavideo-Force_constante.avi");
        RgbFrame frame = clip.frame(3);
        float[] crop = FrameSampler.crop(frame, 1, 17, 9, 40, 30);
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < 40; x++)
                for (int c = 0; c < 3; c++)
                    assertThat(crop[c * 1200 + y * 40 + x] * 255).isCloseTo(frame.rgb()[((9 + y) * clip.width() + 17 + x) * 3 + c] & 0xFF,
                            org.assertj.core.api.Assertions.within(1e-3f));
    }

    @Test void aScaledCropIsTheBilinearInterpolationOfTheFrame() {
        DecodedClip clip = clips.get("kphotoalbum-movie.avi");
        RgbFrame frame = clip.frame(20);
        double scale = 1.7, left = 12.3, top = 40.6;
        int w = 90, h = 70;
        float[] crop = FrameSampler.crop(frame, scale, left, top, w, h);
        for (int y = 0; y < h; y += 3)
            for (int x = 0; x < w; x += 5) {
                double sx = left + (x + 0.5) / scale - 0.5, sy = top + (y + 0.5) / scale - 0.5;
                int ix = (int) sx, iy = (int) sy;
                double fx = sx - ix, fy = sy - iy;
                for (int c = 0; c < 3; c++) {
                    double v = (1 - fx) * (1 - fy) * byteAt(frame, ix, iy, c) + fx * (1 - fy) * byteAt(frame, ix + 1, iy, c)
                            + (1 - fx) * fy * byteAt(frame, ix, iy + 1, c) + fx * fy * byteAt(frame, ix + 1, iy + 1, c);
                    assertThat(crop[c * w * h + y * w + x] * 255.0).as("(%d,%d) channel %d", x, y, c)
                            .isCloseTo(v, org.assertj.core.api.Assertions.within(1e-3));
                }
            }
    }

    private static int byteAt(RgbFrame f, int x, int y, int c) { return f.rgb()[(y * f.width() + x) * 3 + c] & 0xFF; }

    @Test void aUsersFolderOfVideosIsSplitLikeTheAllowedClips(@org.junit.jupiter.api.io.TempDir Path folder) throws IOException {
        Files.copy(media.resolve("videos/mecavideo-Principe_inertie.avi"), folder.resolve("my-clip.avi"));
        Files.writeString(folder.resolve("notes.txt"), "not a video");
        List<Path> videos = AllowedClips.videosIn(folder);
        assertThat(videos).containsExactly(folder.resolve("my-clip.avi"));
        RealTriplets real = RealTriplets.decode(videos, 64, 64);
        assertThat(real.windows()).isNotEmpty().allSatisfy(w -> {
            for (int i = w.first(); i <= w.last(); i++) assertThat(HeldOut.isTrainable("my-clip.avi", i, 28)).isTrue();
        });
    }

    @Test void badVideoInputFailsWithOneLineNamingTheFile(@org.junit.jupiter.api.io.TempDir Path folder) throws IOException {
        Path junk = Files.writeString(folder.resolve("broken.mp4"), "this is not a video");
        assertThatThrownBy(() -> DecodedClip.decode(junk)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.mp4").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> DecodedClip.decode(folder.resolve("absent.avi"))).hasMessageContaining("not found");
        Path empty = Files.createDirectory(folder.resolve("empty"));
        assertThatThrownBy(() -> AllowedClips.videosIn(empty)).hasMessageContaining("no videos");
        assertThatThrownBy(() -> AllowedClips.list(folder)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("run scripts/fetch-media.sh");
    }

    private static double variance(RgbFrame frame) {
        double sum = 0, sq = 0;
        byte[] b = frame.rgb();
        for (byte v : b) { sum += v & 0xFF; sq += (v & 0xFF) * (v & 0xFF); }
        double mean = sum / b.length;
        return sq / b.length - mean * mean;
    }

    private static int ffprobeFrameCount(Path video) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", video.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ffprobe finishes").isTrue();
        return Integer.parseInt(out.replace(",", ""));
    }
}
