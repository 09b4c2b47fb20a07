package io.inbetween.model.crvd;

import io.inbetween.wire.RgbFrame;

/**
 * Conversions between packed RGB24 frames and planar (CHW) floats in [0,1], done in plain Java
 * loops: the JIT makes them cheaper than element-wise tensor ops on fresh native buffers.
 */
public final class FrameTensors {
    private static final float TO_UNIT = 1f / 255f;

    private FrameTensors() {}

    /**
     * Writes a frame as CHW floats into {@code dst[offset, offset + 3 * padWidth * padHeight)},
     * padding right and bottom by repeating the last column and row (no false edge for the flow).
     */
    public static void toPlanar(RgbFrame frame, int padWidth, int padHeight, float[] dst, int offset) {
        int w = frame.width(), h = frame.height();
        if (padWidth < w || padHeight < h) throw new IllegalArgumentException("padding " + padWidth + "x" + padHeight + " smaller than " + frame);
        byte[] rgb = frame.rgb();
        int plane = padWidth * padHeight;
        for (int y = 0; y < padHeight; y++) {
            int srcRow = Math.min(y, h - 1) * w * 3;
            int dstRow = offset + y * padWidth;
            for (int x = 0; x < padWidth; x++) {
                int s = srcRow + Math.min(x, w - 1) * 3;
                int d = dstRow + x;
                dst[d] = (rgb[s] & 0xff) * TO_UNIT;
                dst[d + plane] = (rgb[s + 1] & 0xff) * TO_UNIT;
                dst[d + 2 * plane] = (rgb[s + 2] & 0xff) * TO_UNIT;
            }
        }
    }

    /** Reads padded CHW floats, crops the top-left width x height, clamps to [0,1] and rounds to RGB24. */
    public static RgbFrame toRgb(float[] src, int offset, int padWidth, int padHeight, int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        int plane = padWidth * padHeight;
        for (int y = 0; y < height; y++) {
            int srcRow = offset + y * padWidth;
            int dstRow = y * width * 3;
            for (int x = 0; x < width; x++) {
                int s = srcRow + x;
                int d = dstRow + x * 3;
                rgb[d] = quantize(src[s]);
                rgb[d + 1] = quantize(src[s + plane]);
                rgb[d + 2] = quantize(src[s + 2 * plane]);
            }
        }
        return new RgbFrame(width, height, rgb);
    }

    static byte quantize(float v) {
        float scaled = v * 255f + 0.5f;
        // NaN fails both comparisons and lands on 0, never on garbage.
        if (!(scaled > 0f)) return 0;
        if (scaled >= 255f) return (byte) 255;
        return (byte) (int) scaled;
    }
}
