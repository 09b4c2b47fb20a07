package io.inbetween.model.synthesis;

import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestMedia;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlendSynthesizerTest {
    private static RgbFrame frame0, frame1;

    /** Two consecutive frames (12 and 13) of a real clip, a ball moving on a textured background, decoded by Debian's ffmpeg. */
    @BeforeAll
    static void decodeRealFrames() {
        Path clip = TestMedia.video("mecavideo-Force_constante.avi");
        Ffmpeg.Stream stream = Ffmpeg.probe(clip);
        List<byte[]> frames = Ffmpeg.frames(clip, stream.width(), stream.height());
        frame0 = new RgbFrame(stream.width(), stream.height(), frames.get(12));
        frame1 = new RgbFrame(stream.width(), stream.height(), frames.get(13));
    }

    @Test
    void theFramesAreRealAndDiffer() {
        assertThat(frame0.width()).isEqualTo(400);
        assertThat(frame0.height()).isEqualTo(300);
        assertThat(meanAbsoluteDifference(frame0, frame1)).isGreaterThan(0.1);
    }

    @Test
    void everyByteIsTheRoundedWeightedSumAtAQuarterHalfAndThreeQuarters() {
        byte[] a = frame0.rgb(), b = frame1.rgb();
        for (double tau : new double[] {0.25, 0.5, 0.75}) {
            byte[] out = BlendSynthesizer.blend(frame0, frame1, tau).rgb();
            int differing = 0;
            for (int i = 0; i < a.length; i++) {
                long expected = Math.round((1 - tau) * (a[i] & 0xff) + tau * (b[i] & 0xff));
                if ((out[i] & 0xff) != expected) differing++;
            }
            assertThat(differing).as("bytes off the formula at tau %s", tau).isZero();
        }
    }

    @Test
    void theBlendMovesFromTheFirstFrameToTheSecondAsTauGrows() {
        double previous = -1;
        for (double tau : new double[] {0.25, 0.5, 0.75}) {
            RgbFrame mid = BlendSynthesizer.blend(frame0, frame1, tau);
            double fromFirst = meanAbsoluteDifference(mid, frame0), fromSecond = meanAbsoluteDifference(mid, frame1);
            assertThat(fromFirst).isGreaterThan(previous);
            previous = fromFirst;
            if (tau < 0.5) assertThat(fromFirst).isLessThan(fromSecond);
            if (tau > 0.5) assertThat(fromFirst).isGreaterThan(fromSecond);
        }
    }

    @Test
    void roundsHalfUpOnKnownValues() {
        RgbFrame dark = new RgbFrame(1, 1, new byte[] {0, 1, 2});
        RgbFrame light = new RgbFrame(1, 1, new byte[] {(byte) 255, 2, 1});
        assertThat(BlendSynthesizer.blend(dark, light, 0.25).rgb()).containsExactly(64, 1, 2); // 63.75, 1.25, 1.75
        assertThat(BlendSynthesizer.blend(dark, light, 0.5).rgb()).containsExactly((byte) 128, 2, 2); // 127.5, 1.5, 1.5
    }

    @Test
    void aBatchAnswersEachRequestWithOneFramePerTauInOrder() {
        RgbFrame small0 = new RgbFrame(2, 1, new byte[] {0, 0, 0, 100, 100, 100});
        RgbFrame small1 = new RgbFrame(2, 1, new byte[] {100, 100, 100, 0, 0, 0});
        try (BlendSynthesizer blend = new BlendSynthesizer()) {
            List<List<RgbFrame>> out = blend.synthesize(List.of(
                    SynthesisRequest.of(frame0, frame1, new double[] {0.75, 0.25, 0.5}, 4, 11),
                    SynthesisRequest.of(small0, small1, new double[] {0.1}, 0, 12)));
            assertThat(out).hasSize(2);
            assertThat(out.get(0)).hasSize(3);
            assertThat(out.get(0).get(0).rgb()).isEqualTo(BlendSynthesizer.blend(frame0, frame1, 0.75).rgb());
            assertThat(out.get(0).get(1).rgb()).isEqualTo(BlendSynthesizer.blend(frame0, frame1, 0.25).rgb());
            assertThat(out.get(0).get(2).rgb()).isEqualTo(BlendSynthesizer.blend(frame0, frame1, 0.5).rgb());
            assertThat(out.get(1)).singleElement().satisfies(f -> assertThat(f.rgb()).containsExactly(10, 10, 10, 90, 90, 90));
            assertThat(blend.description()).startsWith("blend");
        }
    }

    @Test
    void refusesFramesOfDifferentSizesAndWorkAfterClose() {
        RgbFrame other = new RgbFrame(2, 2, new byte[12]);
        assertThatThrownBy(() -> BlendSynthesizer.blend(frame0, other, 0.5)).isInstanceOf(SynthesisException.class)
                .hasMessage("cannot blend frames of different sizes: RgbFrame[400x300] vs RgbFrame[2x2]");
        BlendSynthesizer blend = new BlendSynthesizer();
        blend.close();
        assertThatThrownBy(() -> blend.synthesize(List.of(SynthesisRequest.of(other, other, new double[] {0.5}, 0, 0))))
                .isInstanceOf(IllegalStateException.class);
    }

    private static double meanAbsoluteDifference(RgbFrame x, RgbFrame y) {
        long sum = 0;
        for (int i = 0; i < x.rgb().length; i++) sum += Math.abs((x.rgb()[i] & 0xff) - (y.rgb()[i] & 0xff));
        return (double) sum / x.rgb().length;
    }
}
