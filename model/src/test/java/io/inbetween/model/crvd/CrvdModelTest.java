package io.inbetween.model.crvd;

import ai.djl.Device;
import io.inbetween.model.synthesis.CrvdSynthesizer;
import io.inbetween.model.synthesis.SynthesisRequest;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour of the model that does not depend on training: sizes, taus, seeds, batching. */
class CrvdModelTest {
    private static CrvdModel model;

    @BeforeAll
    static void load() { model = TestFrames.noisyModel(7); }

    @AfterAll
    static void close() { model.close(); }

    /** A temperature high enough that the seed shows clearly in the frames. */
    private static final float TEMPERATURE = 0.5f;

    private static RgbFrame one(RgbFrame a, RgbFrame b, float tau, int steps, long seed) {
        return model.interpolate(List.of(a), List.of(b), new float[] {tau}, steps, new long[] {seed}, TEMPERATURE).get(0);
    }

    @Test
    void sameSeedSameFrameOtherSeedOtherFrame() {
        RgbFrame a = TestFrames.pattern(64, 48, 0, 1), b = TestFrames.pattern(64, 48, 3, 2);
        RgbFrame first = one(a, b, 0.5f, 3, 42), again = one(a, b, 0.5f, 3, 42), other = one(a, b, 0.5f, 3, 43);
        assertThat(again.rgb()).isEqualTo(first.rgb());
        assertThat(TestFrames.maxDifference(first, other)).isGreaterThan(2);
    }

    @Test
    void zeroStepsIsDeterministicMuWhateverTheSeed() {
        RgbFrame a = TestFrames.pattern(64, 48, 0, 1), b = TestFrames.pattern(64, 48, 3, 2);
        assertThat(one(a, b, 0.5f, 0, 1).rgb()).isEqualTo(one(a, b, 0.5f, 0, 999).rgb());
        assertThat(TestFrames.maxDifference(one(a, b, 0.5f, 0, 1), one(a, b, 0.5f, 2, 1))).isGreaterThan(0);
    }

    @Test
    void aFramesNoiseDoesNotDependOnItsBatch() {
        RgbFrame a = TestFrames.pattern(64, 48, 0, 1), b = TestFrames.pattern(64, 48, 3, 2);
        RgbFrame alone = one(a, b, 0.25f, 2, 5);
        List<RgbFrame> batched = model.interpolate(List.of(b, a, a), List.of(a, b, b), new float[] {0.6f, 0.25f, 0.75f}, 2,
                new long[] {9, 5, 6}, TEMPERATURE);
        // batch size may change the convolution algorithm: allow one level of rounding
        assertThat(TestFrames.maxDifference(batched.get(1), alone)).isLessThanOrEqualTo(1);
    }

    @Test
    void anyTauInsideTheIntervalWorksAndMatters() {
        RgbFrame a = TestFrames.pattern(48, 40, 0, 1), b = TestFrames.pattern(48, 40, 4, 2);
        RgbFrame q1 = one(a, b, 0.25f, 0, 1), half = one(a, b, 0.5f, 0, 1), q3 = one(a, b, 0.75f, 0, 1), tiny = one(a, b, 0.01f, 0, 1);
        assertThat(TestFrames.maxDifference(q1, half)).isGreaterThan(0);
        assertThat(TestFrames.maxDifference(half, q3)).isGreaterThan(0);
        assertThat(tiny.width()).isEqualTo(48);
    }

    @Test
    void oddAndTinySizesComeBackAtTheirOwnSize() {
        for (int[] size : new int[][] {{17, 9}, {45, 37}, {33, 65}, {1, 1}}) {
            RgbFrame a = TestFrames.pattern(size[0], size[1], 0, 1), b = TestFrames.pattern(size[0], size[1], 1, 2);
            for (int steps : new int[] {0, 2}) {
                RgbFrame out = one(a, b, 0.5f, steps, 3);
                assertThat(out.width()).isEqualTo(size[0]);
                assertThat(out.height()).isEqualTo(size[1]);
            }
        }
    }

    @Test
    void aConstantFrameStaysExactlyConstantAtOddSizes() {
        // Any flow warps a flat image to itself and the blend of equal values is that value, so
        // K=0 must return the colour exactly; zero padding or a cropping slip would show at the edges.
        for (int[] size : new int[][] {{17, 9}, {45, 37}, {70, 33}}) {
            RgbFrame flat = TestFrames.constant(size[0], size[1], 200, 30, 91);
            RgbFrame out = one(flat, flat, 0.37f, 0, 1);
            assertThat(out.rgb()).isEqualTo(flat.rgb());
        }
    }

    @Test
    void synthesizerBatchesPairsAndTausInOrder() {
        RgbFrame a = TestFrames.pattern(40, 30, 0, 1), b = TestFrames.pattern(40, 30, 2, 2);
        RgbFrame c = TestFrames.pattern(20, 10, 0, 3), d = TestFrames.pattern(20, 10, 1, 4);
        try (CrvdSynthesizer synth = new CrvdSynthesizer(CrvdModel.create(CrvdConfig.DEFAULT, Device.cpu()), 2, 0.5f)) {
            List<List<RgbFrame>> out = synth.synthesize(List.of(
                    SynthesisRequest.of(a, b, new double[] {0.2, 0.4, 0.6}, 0, 1),
                    SynthesisRequest.of(c, d, new double[] {0.5}, 1, 1)));
            assertThat(out).hasSize(2);
            assertThat(out.get(0)).hasSize(3).allSatisfy(f -> assertThat(f.width()).isEqualTo(40));
            assertThat(out.get(1)).hasSize(1).allSatisfy(f -> assertThat(f.height()).isEqualTo(10));
            // the same request alone gives the same frames as inside the mixed batch
            List<RgbFrame> alone = synth.synthesize(List.of(SynthesisRequest.of(a, b, new double[] {0.2, 0.4, 0.6}, 0, 1))).get(0);
            for (int i = 0; i < 3; i++) assertThat(TestFrames.maxDifference(alone.get(i), out.get(0).get(i))).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void theEstimateIsTheSameForwardAndBackwardInTime() {
        RgbFrame a = TestFrames.pattern(45, 37, 0, 3), b = TestFrames.pattern(45, 37, 3, 4);
        RgbFrame ab = model.interpolate(List.of(a), List.of(b), new float[] {0.3f}, 0, new long[] {1}, 0f).get(0);
        RgbFrame ba = model.interpolate(List.of(b), List.of(a), new float[] {0.7f}, 0, new long[] {1}, 0f).get(0);
        assertThat(TestFrames.maxDifference(ab, ba)).isLessThanOrEqualTo(1);
        RgbFrame other = model.interpolate(List.of(a), List.of(b), new float[] {0.7f}, 0, new long[] {1}, 0f).get(0);
        assertThat(TestFrames.maxDifference(ab, other)).isGreaterThan(1);
    }

    @Test
    void aGrownHalfScaleLevelStartsOutChangingAlmostNothing() {
        RgbFrame a = TestFrames.pattern(45, 37, 0, 3), b = TestFrames.pattern(45, 37, 2, 4);
        CrvdModel old = CrvdModel.create(CrvdConfig.DEFAULT.withMuHalf(0), Device.cpu());
        try (old; CrvdModel grown = old.grow(CrvdConfig.DEFAULT)) {
            assertThat(old.config().fieldScale()).isEqualTo(4);
            assertThat(grown.config().fieldScale()).isEqualTo(2);
            assertThat(grown.muParameterCount()).isGreaterThan(old.muParameterCount());
            assertThat(grown.parameterCount() - grown.muParameterCount()).isEqualTo(old.parameterCount() - old.muParameterCount());
            RgbFrame before = old.interpolate(List.of(a), List.of(b), new float[] {0.3f}, 0, new long[] {1}, 0f).get(0);
            RgbFrame after = grown.interpolate(List.of(a), List.of(b), new float[] {0.3f}, 0, new long[] {1}, 0f).get(0);
            // The new level's output starts at zero; only the upsampling path (1/4 -> 1/2 -> 1 instead of 1/4 -> 1) differs.
            assertThat(TestFrames.psnr(before, after)).isGreaterThan(35);
        }
        assertThatThrownBy(() -> model.grow(CrvdConfig.DEFAULT.withMuHalf(0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sizeAndCostStayWithinTheBudget() {
        assertThat(model.parameterCount()).isLessThanOrEqualTo(3_000_000);
        assertThat(model.flopsPerFrame(854, 480, 0)).isLessThanOrEqualTo(15_000_000_000L);
        assertThat(model.flopsPerFrame(854, 480, 4)).isGreaterThan(model.flopsPerFrame(854, 480, 0));
    }
}
