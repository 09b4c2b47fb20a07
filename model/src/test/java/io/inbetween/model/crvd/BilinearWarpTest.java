package io.inbetween.model.crvd;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BilinearWarpTest {

    private static float[] ramp(int c, int h, int w) {
        float[] v = new float[c * h * w];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
        return v;
    }

    @Test
    void integerShiftMovesPixelsExactly() {
        int h = 12, w = 16;
        float[] img = ramp(3, h, w);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray image = m.create(img, new Shape(1, 3, h, w));
            float[] flow = new float[2 * h * w];
            for (int i = 0; i < h * w; i++) { flow[i] = 3; flow[h * w + i] = -2; } // sample from (x+3, y-2)
            float[] out = BilinearWarp.warp(image, m.create(flow, new Shape(1, 2, h, w))).toFloatArray();
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) {
                        int sx = Math.min(x + 3, w - 1), sy = Math.max(y - 2, 0); // border replicated
                        assertThat(out[(c * h + y) * w + x]).isEqualTo(img[(c * h + sy) * w + sx]);
                    }
        }
    }

    @Test
    void halfPixelShiftAveragesNeighbours() {
        int h = 4, w = 6;
        float[] img = ramp(1, h, w);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] flow = new float[2 * h * w];
            java.util.Arrays.fill(flow, 0, h * w, 0.5f);
            float[] out = BilinearWarp.warp(m.create(img, new Shape(1, 1, h, w)), m.create(flow, new Shape(1, 2, h, w))).toFloatArray();
            assertThat(out[2 * w + 1]).isCloseTo((img[2 * w + 1] + img[2 * w + 2]) / 2, within(1e-6f));
        }
    }

    @Test
    void gradientReachesTheFlowAndPointsDownhill() {
        // Target = image shifted by 1.3 px; start from flow 1.0: the loss gradient w.r.t. the flow must be negative (increase the flow).
        int h = 16, w = 24;
        float[] img = new float[h * w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img[y * w + x] = (float) Math.sin(x * 0.4) + 0.1f * y;
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray image = m.create(img, new Shape(1, 1, h, w));
            NDArray targetFlow = m.zeros(new Shape(1, 2, h, w));
            targetFlow.set(new ai.djl.ndarray.index.NDIndex(":, 0"), 1.3f);
            NDArray target = BilinearWarp.warp(image, targetFlow);
            NDArray flow = m.zeros(new Shape(1, 2, h, w));
            flow.set(new ai.djl.ndarray.index.NDIndex(":, 0"), 1.0f);
            flow.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = BilinearWarp.warp(image, flow).sub(target).square().sum();
                gc.backward(loss);
            }
            NDArray grad = flow.getGradient();
            float[] gx = grad.get(":, 0, 2:-2, 2:-4").toFloatArray();
            float[] gy = grad.get(":, 1").toFloatArray();
            double sumX = 0;
            for (float g : gx) sumX += g;
            assertThat(sumX).isNegative();
            for (float g : gx) assertThat(Float.isFinite(g)).isTrue();
            for (float g : gy) assertThat(Float.isFinite(g)).isTrue();
            // and the gradient is the analytic one: dL/du = 2 (warp - target) * dI/dx, nonzero wherever the image varies
            assertThat(java.util.stream.IntStream.range(0, gx.length).filter(i -> gx[i] != 0).count()).isGreaterThan(gx.length / 2);
        }
    }
}
