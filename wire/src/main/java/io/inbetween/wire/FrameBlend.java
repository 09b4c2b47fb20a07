package io.inbetween.wire;

/**
 * Frames made without the model: across a scene cut, and when a live job has no time for the
 * model (by its decoder at the degraded levels of its quality ladder, by a replica for a pair
 * past its deadline).
 */
public final class FrameBlend {
    private FrameBlend() {}

    /** {@code (1 - tau) * a + tau * b}, rounded, per byte. */
    public static RgbFrame blend(RgbFrame a, RgbFrame b, double tau) {
        if (!a.sameSizeAs(b)) throw new IllegalArgumentException("cannot blend " + a + " with " + b);
        byte[] x = a.rgb(), y = b.rgb(), out = new byte[x.length];
        int w = (int) Math.round(tau * 256); // 8-bit weights: within half a level of the exact mix
        for (int i = 0; i < x.length; i++) out[i] = (byte) ((((x[i] & 0xff) * (256 - w) + (y[i] & 0xff) * w) + 128) >> 8);
        return new RgbFrame(a.width(), a.height(), out);
    }

    /** The frame nearer to {@code tau}: the first below one half, the second from it on (a scene cut's slots). */
    public static RgbFrame nearest(RgbFrame a, RgbFrame b, double tau) { return tau < 0.5 ? a : b; }
}
