package io.inbetween.model.crvd;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The fused Java composer must compute what the differentiable tensor path computes. */
class PixelComposerTest {

    private static RgbFrame frame(int w, int h, long seed) {
        byte[] rgb = new byte[w * h * 3];
        Random r = new Random(seed);
        // smooth content plus noise, so that warping errors show
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    rgb[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, 128 + 100 * Math.sin(0.21 * x + 0.13 * y + c) + r.nextInt(20) - 10));
        return new RgbFrame(w, h, rgb);
    }

    @Test
    void composerMatchesTensorPathOnAPaddedOddSize() {
        // width, height, flows in the condition, field scale
        for (int[] size : List.of(new int[] {45, 37, 1, 2}, new int[] {17, 9, 1, 2}, new int[] {45, 37, 1, 4}, new int[] {64, 32, 0, 4})) {
            int w = size[0], h = size[1], scale = size[3];
            boolean flows = size[2] == 1;
            PixelComposer composer = new PixelComposer(w, h, scale, flows);
            int pw = composer.padWidth(), ph = composer.padHeight(), qw = pw / scale, qh = ph / scale;
            RgbFrame f0 = frame(w, h, 1), f1 = frame(w, h, 2);
            Random r = new Random(5);
            float[] field = new float[composer.fieldSize()];
            for (int i = 0; i < 4 * qw * qh; i++) field[i] = (float) (r.nextGaussian() * 1.5);
            for (int i = 4 * qw * qh; i < field.length; i++) field[i] = r.nextFloat();
            float[] mu = new float[composer.imageSize()], cond = new float[composer.conditionSize()];
            composer.condition(f0, f1, field, 0, mu, 0, cond, 0);
            RgbFrame muFrame = composer.mu(f0, f1, field, 0);
            float[] p0 = new float[3 * pw * ph], p1 = new float[3 * pw * ph];
            FrameTensors.toPlanar(f0, pw, ph, p0, 0);
            FrameTensors.toPlanar(f1, pw, ph, p1, 0);
            float[] pooled = new float[composer.pooledSize()];
            composer.pooled(f0, f1, pooled, 0);
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
                NDArray i0 = m.create(p0, new Shape(1, 3, ph, pw)), i1 = m.create(p1, new Shape(1, 3, ph, pw));
                NDArray flow = m.create(java.util.Arrays.copyOfRange(field, 0, 4 * qw * qh), new Shape(1, 4, qh, qw));
                NDArray maskQ = m.create(java.util.Arrays.copyOfRange(field, 4 * qw * qh, field.length), new Shape(1, 1, qh, qw));
                // logit whose sigmoid is the mask
                NDArray logit = maskQ.div(maskQ.neg().add(1)).log();
                MuEstimate e = WarpBlend.compose(i0, i1, new FlowField(flow, logit, List.of()));
                float[] tensorMu = e.mu().get(":, :, 0:" + h + ", 0:" + w).toFloatArray();
                for (int i = 0; i < mu.length; i++) assertThat(mu[i]).isCloseTo(tensorMu[i], within(2e-4f));
                CrvdConfig d = CrvdConfig.DEFAULT;
                CrvdConfig config = new CrvdConfig(d.muCoarse(), d.muMiddle(), d.muFine(), d.muDepth(), d.denoiserHalf(), d.denoiserQuarter(),
                        d.denoiserEighth(), d.residualScale(), flows, d.muHalf());
                float[] tensorCond = new ResidualDenoiser(config).condition(i0, i1, e).toFloatArray();
                assertThat(tensorCond).hasSize(cond.length);
                for (int i = 0; i < cond.length; i++) assertThat(cond[i]).as("condition element %d", i).isCloseTo(tensorCond[i], within(2e-4f));
                float[] tensorPooled = WarpBlend.pooled(i0, i1, scale).toFloatArray();
                assertThat(tensorPooled).hasSize(pooled.length);
                for (int i = 0; i < pooled.length; i++) assertThat(pooled[i]).isCloseTo(tensorPooled[i], within(1e-5f));
                for (int i = 0; i < w * h * 3; i++) {
                    int x = (i / 3) % w, y = i / 3 / w, c = i % 3;
                    assertThat(muFrame.rgb()[i] & 0xff).isCloseTo(Math.round(tensorMu[(c * h + y) * w + x] * 255), within(1));
                }
            }
        }
    }

    @Test
    void finishUnfoldsTheResidualLikeSpaceToDepth() {
        int w = 33, h = 20;
        PixelComposer composer = new PixelComposer(w, h, 2, true);
        int pw = composer.padWidth(), ph = composer.padHeight();
        float[] residual = new float[composer.residualSize()];
        Random r = new Random(9);
        for (int i = 0; i < residual.length; i++) residual[i] = (float) r.nextGaussian();
        float[] mu = new float[composer.imageSize()];
        java.util.Arrays.fill(mu, 0.5f);
        RgbFrame out = composer.finish(mu, 0, residual, 0, 0.1f);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] full = SpaceToDepth.unfold(m.create(residual, new Shape(1, 12, ph / 2, pw / 2))).toFloatArray();
            NDArray back = SpaceToDepth.fold(m.create(full, new Shape(1, 3, ph, pw)));
            assertThat(back.toFloatArray()).containsExactly(residual);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int c = 0; c < 3; c++) {
                        float expected = 0.5f + 0.1f * full[(c * ph + y) * pw + x];
                        int want = Math.round(Math.max(0, Math.min(1, expected)) * 255);
                        assertThat(out.rgb()[(y * w + x) * 3 + c] & 0xff).isCloseTo(want, within(1));
                    }
        }
    }
}
