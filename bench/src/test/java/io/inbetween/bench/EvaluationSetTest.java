package io.inbetween.bench;

import io.inbetween.testing.TestMedia;
import io.inbetween.training.data.AllowedClips;
import io.inbetween.training.data.HeldOut;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluationSetTest {

    @Test
    void everyScoredFrameIsHeldOutOfTrainingAndMoves() {
        List<FrameRun> full = EvaluationSet.full(TestMedia.dir());
        assertThat(full.stream().map(FrameRun::clip).distinct()).hasSizeGreaterThanOrEqualTo(3);
        for (FrameRun run : full) {
            assertThat(AllowedClips.isAllowed(run.clip())).as(run.clip()).isTrue();
            int frames = ClipDecoder.countFrames(TestMedia.video(run.clip()));
            for (int i = run.first(); i <= run.last(); i++)
                assertThat(HeldOut.isHeldOut(run.clip(), i, frames)).as("%s frame %d", run.clip(), i).isTrue();
            // a still or a repeated frame has nothing to interpolate: every step must change the picture
            List<RgbFrame> f = ClipDecoder.decode(TestMedia.video(run.clip()), run.first(), run.count(), Resolution.NATIVE);
            for (int i = 0; i + 1 < f.size(); i++)
                assertThat(Psnr.of(f.get(i), f.get(i + 1))).as("%s step %d", run.clip(), run.first() + i).isLessThan(45);
            assertThat(new Protocol(4).usedFrames(run.count())).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void quickRunsAreShortPrefixesOfTheFullOnes() {
        List<FrameRun> quick = EvaluationSet.quick(TestMedia.dir()), full = EvaluationSet.full(TestMedia.dir());
        assertThat(quick).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(quick.get(i).clip()).isEqualTo(full.get(i).clip());
            assertThat(quick.get(i).first()).isEqualTo(full.get(i).first());
            assertThat(quick.get(i).count()).isEqualTo(EvaluationSet.QUICK_FRAMES);
        }
    }

    @Test
    void runsStayInsideTheHeldOutBlock() {
        HeldOut.Block block = HeldOut.block("gem-anim-1.mov", 91);
        FrameRun run = EvaluationSet.run("gem-anim-1.mov", 0, 91, 100);
        assertThat(run.first()).isEqualTo(block.first());
        assertThat(run.last()).isEqualTo(block.end() - 1);
        assertThat(EvaluationSet.run("gem-anim-1.mov", 0, 91, 9).count()).isEqualTo(9);
        assertThatThrownBy(() -> EvaluationSet.run("gem-anim-1.mov", 90, 91, 9)).hasMessageContaining("held-out frames");
    }

    @Test
    void runsTravelAsArguments() {
        FrameRun run = new FrameRun("planetblupi-play113.mkv", 1, 25);
        assertThat(FrameRun.parse(run.argument())).isEqualTo(run);
        assertThatThrownBy(() -> FrameRun.parse("clip.avi:3")).hasMessageContaining("clip:first:count");
    }
}
