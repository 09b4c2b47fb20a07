package io.inbetween.bench;

import io.inbetween.testing.TestMedia;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real ffmpeg minterpolate on a real clip with motion (a puck rolling across a table). */
class MinterpolateAlignmentTest {
    private static List<RgbFrame> window;

    @BeforeAll
    static void decode() {
        window = ClipDecoder.decode(TestMedia.video("mecavideo-Force_constante.avi"), 9, 17, Resolution.NATIVE);
    }

    @Test
    void passedThroughFramesMatchTheInputs() {
        Protocol p = new Protocol(2);
        List<RgbFrame> inputs = p.inputs(window);
        MinterpolateMethod mi = new MinterpolateMethod("ffmpeg", false);
        List<RgbFrame> fed = new ArrayList<>(inputs);
        fed.add(inputs.get(inputs.size() - 1));
        List<RgbFrame> out = mi.run(fed, 2);
        AlignmentCheck.verify("minterpolate", inputs, out, 2); // must not throw
        assertThat(mi.externalPeakRssBytes()).isGreaterThan(1 << 20);
    }

    @Test
    void withoutTheRepeatedLastInputTheLastGapIsMissing() {
        List<RgbFrame> inputs = new Protocol(2).inputs(window);
        List<RgbFrame> out = new MinterpolateMethod("ffmpeg", false).run(inputs, 2);
        assertThatThrownBy(() -> AlignmentCheck.verify("minterpolate", inputs, out, 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expected 17");
    }

    @Test
    void aShiftedSequenceFailsTheCheck() {
        List<RgbFrame> inputs = new Protocol(2).inputs(window);
        List<RgbFrame> fed = new ArrayList<>(inputs);
        fed.add(inputs.get(inputs.size() - 1));
        List<RgbFrame> out = new MinterpolateMethod("ffmpeg", true).run(fed, 2);
        // one output frame late: same length, every frame one slot off
        List<RgbFrame> shifted = new ArrayList<>(out.subList(1, out.size()));
        shifted.add(out.get(out.size() - 1));
        assertThatThrownBy(() -> AlignmentCheck.verify("minterpolate", inputs, shifted, 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("misaligned");
        // and shifted by a whole input: the frames are real inputs, but the wrong ones
        List<RgbFrame> late = new ArrayList<>(out.subList(2, out.size()));
        late.addAll(out.subList(out.size() - 2, out.size()));
        assertThatThrownBy(() -> AlignmentCheck.verify("minterpolate", inputs, late, 2)).hasMessageContaining("misaligned");
    }

    @Test
    void interpolatedFramesLineUpWithTheTruthAt2xAnd4x() {
        for (int factor : new int[] {2, 4}) {
            Protocol p = new Protocol(factor);
            List<RgbFrame> inputs = p.inputs(window), truths = p.truths(window);
            List<RgbFrame> mi = new MinterpolateMethod("ffmpeg", true).interpolate(inputs, factor);
            List<RgbFrame> dup = new DuplicationMethod().interpolate(inputs, factor);
            assertThat(mi).hasSameSizeAs(truths);
            // on a moving puck, motion compensation beats repeating frames; a misaligned output would not
            assertThat(meanPsnr(truths, mi)).as("%dx", factor).isGreaterThan(meanPsnr(truths, dup) + 1);
        }
    }

    @Test
    void aMissingFfmpegIsAClearError() {
        assertThatThrownBy(() -> new MinterpolateMethod("/nonexistent/ffmpeg", true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ffmpeg not found").hasMessageContaining("--ffmpeg");
    }

    private static double meanPsnr(List<RgbFrame> truths, List<RgbFrame> made) {
        double sum = 0;
        for (int i = 0; i < truths.size(); i++) sum += Psnr.of(truths.get(i), made.get(i));
        return sum / truths.size();
    }
}
