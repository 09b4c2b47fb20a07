package io.inbetween.training.data;

import io.inbetween.testing.TestMedia;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationTest {
    private static Path media;
    private static List<Triplet> triplets;
    private static List<ClipWindow> windows;

    @BeforeAll static void build() {
        media = TestMedia.dir();
        triplets = TrainingData.validation(media, 60);
        windows = TrainingData.validationWindows(media, 60);
    }

    @Test void validationIsDeterministic() {
        List<Triplet> again = TrainingData.validation(media, 60);
        assertThat(again).hasSameSizeAs(triplets);
        for (int i = 0; i < triplets.size(); i++) {
            SameFrame.assertSameFrame(again.get(i).frame0(), triplets.get(i).frame0(), "frame 0 of " + windows.get(i));
            SameFrame.assertSameFrame(again.get(i).middle(), triplets.get(i).middle(), "middle of " + windows.get(i));
            SameFrame.assertSameFrame(again.get(i).frame1(), triplets.get(i).frame1(), "frame 1 of " + windows.get(i));
            assertThat(again.get(i).tau()).isEqualTo(triplets.get(i).tau());
        }
    }

    @Test void everyValidationTripletIsHeldOutRealVideo() {
        assertThat(triplets).hasSize(60);
        Map<String, DecodedClip> decoded = new HashMap<>();
        for (int i = 0; i < windows.size(); i++) {
            ClipWindow w = windows.get(i);
            assertThat(AllowedClips.isAllowed(w.clip())).isTrue();
            DecodedClip clip = decoded.computeIfAbsent(w.clip(), name -> DecodedClip.decode(media.resolve("videos").resolve(name)));
            for (int f = w.first(); f <= w.last(); f++)
                assertThat(HeldOut.isHeldOut(w.clip(), f, clip.frameCount())).as("%s frame %d", w, f).isTrue();
            Triplet t = triplets.get(i);
            assertThat(t.tau()).isEqualTo(w.tau());
            assertThat(t.width()).isEqualTo(clip.width());
            SameFrame.assertSameFrame(t.frame0(), FrameSampler.planar(clip.frame(w.first())), "frame 0 of " + w);
            SameFrame.assertSameFrame(t.middle(), FrameSampler.planar(clip.frame(w.middle())), "middle of " + w);
            SameFrame.assertSameFrame(t.frame1(), FrameSampler.planar(clip.frame(w.last())), "frame 1 of " + w);
        }
    }

    @Test void clipsTakeTurnsSoEveryClipIsCovered() {
        assertThat(windows.stream().map(ClipWindow::clip).distinct().count()).isGreaterThanOrEqualTo(20);
        assertThat(windows).extracting(ClipWindow::clip).contains(HeldOut.WHOLE_CLIPS.toArray(String[]::new));
        assertThat(windows).extracting(ClipWindow::tau).contains(0.5f, 0.25f);
        assertThat(TrainingData.validationWindows(media, 5)).isEqualTo(windows.subList(0, 5));
    }

    @Test void nonPositiveCountsAreRejected() {
        assertThatThrownBy(() -> TrainingData.validation(media, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTriplets");
    }
}
