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
    void theLargeMotionGroupIsHeldOutAndMovesAtLeast20PxBetweenInputsAt480p() {
        List<FrameRun> group = EvaluationSet.largeMotion(TestMedia.dir());
        assertThat(group).hasSizeGreaterThanOrEqualTo(8);
        for (FrameRun run : group) {
            int frames = ClipDecoder.countFrames(TestMedia.video(run.clip()));
            for (int i = run.first(); i <= run.last(); i++)
                assertThat(HeldOut.isHeldOut(run.clip(), i, frames)).as("%s frame %d", run.clip(), i).isTrue();
            List<RgbFrame> f = ClipDecoder.decode(TestMedia.video(run.clip()), run, Resolution.P480);
            List<RgbFrame> inputs = new Protocol(2).inputs(f);
            double[] motion = new double[inputs.size() - 1];
            for (int i = 0; i + 1 < inputs.size(); i++) motion[i] = MotionMeter.measure(inputs.get(i), inputs.get(i + 1)).medianMoving();
            java.util.Arrays.sort(motion);
            double median = motion.length % 2 == 1 ? motion[motion.length / 2] : (motion[motion.length / 2 - 1] + motion[motion.length / 2]) / 2;
            assertThat(median).as("%s median motion at 480p", run.name()).isGreaterThanOrEqualTo(EvaluationSet.LARGE_MOTION_PX);
        }
    }

    @Test
    void stridedRunsKeepEveryNthFrame() {
        FrameRun run = EvaluationSet.run("planetblupi-play113.mkv", 1, 3, 61, 25);
        assertThat(run.count()).isEqualTo(20); // frames 1, 4, ..., 58
        assertThat(run.last()).isEqualTo(58);
        List<RgbFrame> strided = ClipDecoder.decode(TestMedia.video(run.clip()), run, Resolution.NATIVE);
        List<RgbFrame> all = ClipDecoder.decode(TestMedia.video(run.clip()), 1, 58, Resolution.NATIVE);
        assertThat(strided).hasSize(20);
        assertThat(strided.get(3).rgb()).isEqualTo(all.get(9).rgb());
        assertThat(FrameRun.parse(run.argument())).isEqualTo(run);
        assertThat(run.name()).isEqualTo("planetblupi-play113 1 in 3");
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
        assertThatThrownBy(() -> FrameRun.parse("clip.avi:3")).hasMessageContaining("clip:first:count[:stride]");
    }
}
