package io.inbetween.interpolator.training.data;

import io.inbetween.wire.RgbFrame;

/** Turns packed RGB24 frames into the CHW float planes of a {@link Triplet}, whole or as a scaled crop. */
final class FrameSampler {
    private static final float BYTE_TO_UNIT = 1f / 255f;

    private FrameSampler() {}

    /** The whole frame as CHW floats in [0,1]. */
    static float[] planar(RgbFrame frame) {
        int plane = frame.width() * frame.height();
        byte[] rgb = frame.rgb();
        float[] out = new float[plane * 3];
        for (int p = 0, b = 0; p < plane; p++, b += 3) {
            out[p] = (rgb[b] & 0xFF) * BYTE_TO_UNIT;
            out[plane + p] = (rgb[b + 1] & 0xFF) * BYTE_TO_UNIT;
            out[2 * plane + p] = (rgb[b + 2] & 0xFF) * BYTE_TO_UNIT;
        }
        return out;
    }

    /**
     * A {@code width}x{@code height} crop of the frame scaled by {@code scale} (bilinear), whose
     * top-left corner sits at source pixel ({@code left}, {@code top}). Output pixel (x, y) samples
     * the source at (left + (x+0.5)/scale - 0.5, top + (y+0.5)/scale - 0.5); edges are clamped.
     */
    static float[] crop(RgbFrame frame, double scale, double left, double top, int width, int height) {
        int sw = frame.width(), sh = frame.height(), plane = width * height;
        byte[] rgb = frame.rgb();
        float[] out = new float[plane * 3];
        // Column taps are the same for every row: compute them once.
        int[] x0 = new int[width], x1 = new int[width];
        float[] fx = new float[width];
        for (int x = 0; x < width; x++) {
            double sx = clamp(left + (x + 0.5) / scale - 0.5, sw - 1);
            int ix = (int) sx;
            x0[x] = ix * 3;
            x1[x] = Math.min(ix + 1, sw - 1) * 3;
            fx[x] = (float) (sx - ix);
        }
        for (int y = 0; y < height; y++) {
            double sy = clamp(top + (y + 0.5) / scale - 0.5, sh - 1);
            int iy = (int) sy;
            float fy = (float) (sy - iy);
            int row0 = iy * sw * 3, row1 = Math.min(iy + 1, sh - 1) * sw * 3;
            for (int x = 0, p = y * width; x < width; x++, p++) {
                float wx = fx[x];
                for (int c = 0; c < 3; c++) {
                    float top0 = (rgb[row0 + x0[x] + c] & 0xFF), top1 = (rgb[row0 + x1[x] + c] & 0xFF);
                    float bot0 = (rgb[row1 + x0[x] + c] & 0xFF), bot1 = (rgb[row1 + x1[x] + c] & 0xFF);
                    float upper = top0 + (top1 - top0) * wx, lower = bot0 + (bot1 - bot0) * wx;
                    out[c * plane + p] = (upper + (lower - upper) * fy) * BYTE_TO_UNIT;
                }
            }
        }
        return out;
    }

    private static double clamp(double v, int max) { return v < 0 ? 0 : Math.min(v, max); }
}
