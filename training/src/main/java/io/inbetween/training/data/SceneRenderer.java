package io.inbetween.training.data;

/**
 * Renders a {@link Scene} at any time by inverse mapping: for each frame pixel, each layer's
 * transform at that time says which layer point lands there; its mask gives the opacity and its
 * texture the colour. Because frame tau uses the same masks under the interpolated transforms,
 * whatever a foreground layer covers at tau is hidden exactly as in a real scene.
 */
final class SceneRenderer {
    private static final float BYTE_TO_UNIT = 1f / 255f;

    private SceneRenderer() {}

    static Triplet triplet(Scene scene) {
        return new Triplet(scene.width(), scene.height(), render(scene, 0), render(scene, scene.tau()), render(scene, 1), scene.tau());
    }

    /** The scene at time t as CHW floats in [0,1]. */
    static float[] render(Scene scene, double t) {
        int w = scene.width(), h = scene.height();
        float[] out = new float[w * h * 3];
        drawBackground(scene.background(), t, w, h, out);
        boolean brighter = scene.background().gainChange() * t > 0;
        for (Layer layer : scene.foreground()) {
            drawLayer(layer, t, w, h, out);
            brighter |= layer.gainChange() * t > 0;
        }
        // Global tone change, and a clamp where a layer got brighter than its photo; else no pass at all.
        float contrast = (float) (1 + scene.contrastChange() * t), shift = (float) (0.5 + scene.brightnessChange() * t);
        if (contrast != 1 || shift != 0.5f || brighter)
            for (int i = 0; i < out.length; i++) {
                float v = (out[i] - 0.5f) * contrast + shift;
                out[i] = v < 0 ? 0 : Math.min(v, 1);
            }
        return out;
    }

    private static void drawBackground(Layer layer, double t, int w, int h, float[] out) {
        double[] m = layer.motion().inverse(t);
        float gain = (float) (1 + layer.gainChange() * t) * BYTE_TO_UNIT;
        if (m[1] == 0 && m[2] == 0) { // no rotation: a scaled grid, filtered separably
            layer.texture().sampleGrid(-m[0] * m[4] + layer.textureX(), -m[3] * m[5] + layer.textureY(), m[0], w, h, gain, out);
            return;
        }
        for (int y = 0; y < h; y++) {
            double ry = y - m[5], rx = -m[4];
            double u = m[0] * rx + m[1] * ry + layer.textureX(), v = m[2] * rx + m[3] * ry + layer.textureY();
            layer.texture().sampleLine(u, v, m[0], m[2], w, gain, null, out, y * w, w * h);
        }
    }

    private static void drawLayer(Layer layer, double t, int w, int h, float[] out) {
        Motion motion = layer.motion();
        double[] m = motion.inverse(t);
        // Only pixels within the mask's reach of the layer origin can change.
        double reach = layer.mask().reach() * motion.scale(t) + 1;
        int x0 = Math.max(0, (int) Math.floor(m[4] - reach)), x1 = Math.min(w - 1, (int) Math.ceil(m[4] + reach));
        int y0 = Math.max(0, (int) Math.floor(m[5] - reach)), y1 = Math.min(h - 1, (int) Math.ceil(m[5] + reach));
        if (x0 > x1 || y0 > y1) return;
        float gain = (float) (1 + layer.gainChange() * t) * BYTE_TO_UNIT;
        LayerMask mask = layer.mask();
        int span = x1 - x0 + 1;
        float[] alpha = new float[span];
        for (int y = y0; y <= y1; y++) {
            double ry = y - m[5], rx = x0 - m[4];
            double u = m[0] * rx + m[1] * ry, v = m[2] * rx + m[3] * ry;
            boolean any = false;
            for (int i = 0; i < span; i++) {
                alpha[i] = mask.alpha((float) (u + i * m[0]), (float) (v + i * m[2]));
                any |= alpha[i] != 0;
            }
            if (any) layer.texture().sampleLine(layer.textureX() + u, layer.textureY() + v, m[0], m[2], span, gain, alpha, out, y * w + x0, w * h);
        }
    }
}
