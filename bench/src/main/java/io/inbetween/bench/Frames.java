package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;

/** Plane views of packed RGB frames for the metrics, written into the caller's buffers. */
final class Frames {
    private Frames() {}

    static void requireSameSize(RgbFrame a, RgbFrame b) {
        if (!a.sameSizeAs(b))
            throw new IllegalArgumentException("cannot compare frames of different sizes: " + a + " vs " + b);
    }

    /** Channel c (0 = R, 1 = G, 2 = B) as doubles in 0..255, row-major. */
    static void channel(RgbFrame f, int c, double[] out) {
        byte[] rgb = f.rgb();
        int n = f.width() * f.height();
        for (int i = 0; i < n; i++) out[i] = rgb[3 * i + c] & 0xff;
    }

    /** BT.601 luma in 0..255, as in GMSD's reference code. */
    static void luma(RgbFrame f, double[] out) {
        byte[] rgb = f.rgb();
        int n = f.width() * f.height();
        for (int i = 0; i < n; i++)
            out[i] = 0.299 * (rgb[3 * i] & 0xff) + 0.587 * (rgb[3 * i + 1] & 0xff) + 0.114 * (rgb[3 * i + 2] & 0xff);
    }
}
