package io.inbetween.training.data;

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
        // Separable: each source row is resampled across once (cached for the output rows that
        // share it), then output rows blend two such rows.
        int[] x0 = new int[width], x1 = new int[width];
        float[] fx = new float[width];
        for (int x = 0; x < width; x++) {
            double sx = clamp(left + (x + 0.5) / scale - 0.5, sw - 1);
            int ix = (int) sx;
            x0[x] = ix * 3;
            x1[x] = Math.min(ix + 1, sw - 1) * 3;
            fx[x] = (float) (sx - ix);
        }
        float[] upper = new float[width * 3], lower = new float[width * 3];
        int upperRow = -1, lowerRow = -1;
        for (int y = 0; y < height; y++) {
            double sy = clamp(top + (y + 0.5) / scale - 0.5, sh - 1);
            int iy = (int) sy, iy1 = Math.min(iy + 1, sh - 1);
            float fy = (float) (sy - iy);
            if (iy != upperRow) {
                if (iy == lowerRow) { float[] t = upper; upper = lower; lower = t; upperRow = lowerRow; lowerRow = -1; }
                else { resampleRow(rgb, iy * sw * 3, x0, x1, fx, upper); upperRow = iy; }
            }
            if (iy1 != lowerRow) { resampleRow(rgb, iy1 * sw * 3, x0, x1, fx, lower); lowerRow = iy1; }
            for (int x = 0, p = y * width, k = 0; x < width; x++, p++, k += 3) {
                out[p] = (upper[k] + (lower[k] - upper[k]) * fy) * BYTE_TO_UNIT;
                out[plane + p] = (upper[k + 1] + (lower[k + 1] - upper[k + 1]) * fy) * BYTE_TO_UNIT;
                out[2 * plane + p] = (upper[k + 2] + (lower[k + 2] - upper[k + 2]) * fy) * BYTE_TO_UNIT;
            }
        }
        return out;
    }

    /** One source row sampled at the crop's columns, interleaved RGB in 0..255. */
    private static void resampleRow(byte[] rgb, int row, int[] x0, int[] x1, float[] fx, float[] out) {
        for (int x = 0, k = 0; x < fx.length; x++, k += 3) {
            int a = row + x0[x], b = row + x1[x];
            float f = fx[x];
            for (int c = 0; c < 3; c++) {
                float left = rgb[a + c] & 0xFF;
                out[k + c] = left + ((rgb[b + c] & 0xFF) - left) * f;
            }
        }
    }

    private static double clamp(double v, int max) { return v < 0 ? 0 : Math.min(v, max); }
}
