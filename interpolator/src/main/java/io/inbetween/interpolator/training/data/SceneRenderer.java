package io.inbetween.interpolator.training.data;

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
        int w = scene.width(), h = scene.height(), plane = w * h;
        float[] out = new float[plane * 3]; // 0..255 until the final tone step
        float[] texel = new float[3];
        drawBackground(scene.background(), t, w, h, out, texel);
        for (Layer layer : scene.foreground()) drawLayer(layer, t, w, h, out, texel);
        // Global tone change, then to [0,1].
        float contrast = (float) (1 + scene.contrastChange() * t), shift = (float) (0.5 + scene.brightnessChange() * t);
        for (int i = 0; i < out.length; i++) {
            float v = (out[i] * BYTE_TO_UNIT - 0.5f) * contrast + shift;
            out[i] = v < 0 ? 0 : Math.min(v, 1);
        }
        return out;
    }

    private static void drawBackground(Layer layer, double t, int w, int h, float[] out, float[] texel) {
        double[] m = layer.motion().inverse(t);
        float gain = (float) (1 + layer.gainChange() * t);
        Texture texture = layer.texture();
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            double ry = y - m[5], rx = -m[4];
            double u = m[0] * rx + m[1] * ry + layer.textureX(), v = m[2] * rx + m[3] * ry + layer.textureY();
            for (int x = 0, p = y * w; x < w; x++, p++, u += m[0], v += m[2]) {
                texture.sample(u, v, texel);
                out[p] = texel[0] * gain;
                out[plane + p] = texel[1] * gain;
                out[2 * plane + p] = texel[2] * gain;
            }
        }
    }

    private static void drawLayer(Layer layer, double t, int w, int h, float[] out, float[] texel) {
        Motion motion = layer.motion();
        double[] m = motion.inverse(t);
        // Only pixels within the mask's reach of the layer origin can change.
        double reach = layer.mask().reach() * motion.scale(t) + 1;
        int x0 = Math.max(0, (int) Math.floor(m[4] - reach)), x1 = Math.min(w - 1, (int) Math.ceil(m[4] + reach));
        int y0 = Math.max(0, (int) Math.floor(m[5] - reach)), y1 = Math.min(h - 1, (int) Math.ceil(m[5] + reach));
        if (x0 > x1 || y0 > y1) return;
        float gain = (float) (1 + layer.gainChange() * t);
        LayerMask mask = layer.mask();
        Texture texture = layer.texture();
        int plane = w * h;
        for (int y = y0; y <= y1; y++) {
            double ry = y - m[5], rx = x0 - m[4];
            double u = m[0] * rx + m[1] * ry, v = m[2] * rx + m[3] * ry;
            for (int x = x0, p = y * w + x0; x <= x1; x++, p++, u += m[0], v += m[2]) {
                float alpha = mask.alpha((float) u, (float) v);
                if (alpha == 0) continue;
                texture.sample(layer.textureX() + u, layer.textureY() + v, texel);
                float keep = 1 - alpha, a = alpha * gain;
                out[p] = out[p] * keep + texel[0] * a;
                out[plane + p] = out[plane + p] * keep + texel[1] * a;
                out[2 * plane + p] = out[2 * plane + p] * keep + texel[2] * a;
            }
        }
    }
}
