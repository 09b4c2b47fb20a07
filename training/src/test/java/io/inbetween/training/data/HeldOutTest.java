package io.inbetween.training.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeldOutTest {

    @Test void aClipHoldsOutAContiguousFifthInItsMiddle() {
        HeldOut.Block block = HeldOut.block("planetblupi-play101.mkv", 100);
        assertThat(block).isEqualTo(new HeldOut.Block(40, 60));
        assertThat(HeldOut.isHeldOut("planetblupi-play101.mkv", 39, 100)).isFalse();
        assertThat(HeldOut.isHeldOut("planetblupi-play101.mkv", 40, 100)).isTrue();
        assertThat(HeldOut.isHeldOut("planetblupi-play101.mkv", 59, 100)).isTrue();
        assertThat(HeldOut.isHeldOut("planetblupi-play101.mkv", 60, 100)).isFalse();
    }

    @Test void guardFramesBelongToNeitherSide() {
        String clip = "gem-homer.avi";
        HeldOut.Block block = HeldOut.block(clip, 86);
        for (int i = 0; i < 86; i++) {
            boolean guard = i == block.first() - 1 || i == block.end();
            assertThat(HeldOut.isTrainable(clip, i, 86)).as("frame %d", i).isEqualTo(!block.contains(i) && !guard);
        }
    }

    @Test void shortClipsStillHoldOutAWholeFourXWindow() {
        HeldOut.Block block = HeldOut.block("mecavideo-g1.avi", 16);
        assertThat(block.length()).isEqualTo(HeldOut.MIN_BLOCK);
        assertThat(HeldOut.candidateWindows("mecavideo-g1.avi", 16)).anyMatch(w -> w.last() - w.first() == 4);
        assertThat(HeldOut.block("tiny.avi", 4)).isEqualTo(new HeldOut.Block(0, 4));
    }

    @Test void wholeClipsAreHeldOutEntirely() {
        for (String clip : HeldOut.WHOLE_CLIPS) {
            assertThat(AllowedClips.isAllowed(clip)).isTrue();
            assertThat(HeldOut.block(clip, 61)).isEqualTo(new HeldOut.Block(0, 61));
            assertThat(HeldOut.trainingWindows(clip, 61)).isEmpty();
        }
    }

    @Test void trainingWindowsNeverSpanAHeldOutOrGuardFrame() {
        for (int frames : new int[] {6, 16, 26, 34, 61, 144, 210}) {
            String clip = "planetblupi-win005.mkv";
            List<ClipWindow> training = HeldOut.trainingWindows(clip, frames);
            for (ClipWindow w : training)
                for (int i = w.first(); i <= w.last(); i++) {
                    assertThat(HeldOut.isHeldOut(clip, i, frames)).as("%s of %d frames", w, frames).isFalse();
                    assertThat(HeldOut.isTrainable(clip, i, frames)).isTrue();
                }
            for (ClipWindow w : HeldOut.candidateWindows(clip, frames))
                for (int i = w.first(); i <= w.last(); i++) assertThat(HeldOut.isHeldOut(clip, i, frames)).isTrue();
        }
    }

    @Test void windowsAreTwoXAtHalfFourXAtQuartersAndWideAtHalf() {
        List<ClipWindow> training = HeldOut.trainingWindows("kphotoalbum-movie.avi", 68);
        assertThat(training).allSatisfy(w -> {
            int span = w.last() - w.first();
            assertThat(span).isIn(2, 4, 6, 8);
            assertThat(w.tau()).isEqualTo((float) (w.middle() - w.first()) / span);
            if (span > 4) assertThat(w.tau()).isEqualTo(0.5f);
        });
        assertThat(training).extracting(w -> w.last() - w.first()).contains(2, 4, 6, 8);
        assertThat(training).extracting(ClipWindow::tau).contains(0.25f, 0.5f, 0.75f);
        assertThat(HeldOut.candidateWindows("kphotoalbum-movie.avi", 68)).contains(new ClipWindow("kphotoalbum-movie.avi", 27, 28, 29));
    }

    @Test void badIndicesAreRejectedWithTheClipName() {
        assertThatThrownBy(() -> HeldOut.isHeldOut("gem-anim-1.mov", 91, 91))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gem-anim-1.mov").hasMessageContaining("0..90");
        assertThatThrownBy(() -> HeldOut.block("gem-anim-1.mov", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClipWindow("x", 3, 3, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
