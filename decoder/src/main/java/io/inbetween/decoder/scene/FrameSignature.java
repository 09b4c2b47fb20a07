package io.inbetween.decoder.scene;

import io.inbetween.wire.RgbFrame;

/**
 * A frame reduced to what the cut score compares: a small luma picture (structure) and a
 * colour histogram (palette). About 22 KB, whatever the frame size.
 */
public final class FrameSignature {
    static final int WIDTH = 96, HEIGHT = 54;
    static final int HUE_BINS = 12, GRAY_BINS = 4;
    static final int BINS = GRAY_BINS + 2 * HUE_BINS;
    /** Edge-replicated border around the luma picture, as far as the structure search shifts a block. */
    static final int PAD = 4;
    static final int PADDED_WIDTH = WIDTH + 2 * PAD, PADDED_HEIGHT = HEIGHT + 2 * PAD;

    final float[] luma = new float[WIDTH * HEIGHT];
    final float[] histogram = new float[BINS];
    /** The luma picture with its border, and summed-area tables of it and its square (one row and column larger). */
    final float[] padded = new float[PADDED_WIDTH * PADDED_HEIGHT];
    final double[] sum = new double[(PADDED_WIDTH + 1) * (PADDED_HEIGHT + 1)];
    final double[] sumOfSquares = new double[(PADDED_WIDTH + 1) * (PADDED_HEIGHT + 1)];

    private FrameSignature() {}

    /** Averages the frame over a 96x54 grid (each cell covers at least one pixel) and bins the cells' colours. */
    public static FrameSignature of(RgbFrame frame) {
        FrameSignature s = new FrameSignature();
        int w = frame.width(), h = frame.height();
        byte[] rgb = frame.rgb();
        for (int cy = 0; cy < HEIGHT; cy++) {
            int y0 = cy * h / HEIGHT, y1 = Math.max(y0 + 1, (cy + 1) * h / HEIGHT);
            for (int cx = 0; cx < WIDTH; cx++) {
                int x0 = cx * w / WIDTH, x1 = Math.max(x0 + 1, (cx + 1) * w / WIDTH);
                long r = 0, g = 0, b = 0;
                for (int y = y0; y < y1; y++) {
                    int p = (y * w + x0) * 3;
                    for (int x = x0; x < x1; x++, p += 3) {
                        r += rgb[p] & 0xff;
                        g += rgb[p + 1] & 0xff;
                        b += rgb[p + 2] & 0xff;
                    }
                }
                float n = (float) (y1 - y0) * (x1 - x0);
                float rf = r / n, gf = g / n, bf = b / n;
                s.luma[cy * WIDTH + cx] = 0.299f * rf + 0.587f * gf + 0.114f * bf;
                s.histogram[bin(rf / 255f, gf / 255f, bf / 255f)] += 1f / (WIDTH * HEIGHT);
            }
        }
        s.pad();
        return s;
    }

    /** Fills the bordered copy and its summed-area tables, so that block statistics cost four lookups. */
    private void pad() {
        int stride = PADDED_WIDTH + 1;
        for (int y = 0; y < PADDED_HEIGHT; y++) {
            int sy = Math.min(HEIGHT - 1, Math.max(0, y - PAD));
            double rowSum = 0, rowSquares = 0;
            for (int x = 0; x < PADDED_WIDTH; x++) {
                float v = luma[sy * WIDTH + Math.min(WIDTH - 1, Math.max(0, x - PAD))];
                padded[y * PADDED_WIDTH + x] = v;
                rowSum += v;
                rowSquares += (double) v * v;
                sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] + rowSum;
                sumOfSquares[(y + 1) * stride + x + 1] = sumOfSquares[y * stride + x + 1] + rowSquares;
            }
        }
    }

    /** Sum over the padded picture's block at (x, y), w x h. */
    static double blockSum(double[] table, int x, int y, int w, int h) {
        int stride = PADDED_WIDTH + 1;
        return table[(y + h) * stride + x + w] - table[y * stride + x + w] - table[(y + h) * stride + x] + table[y * stride + x];
    }

    /**
     * Hue and saturation for coloured cells, brightness for greyish ones: the palette of a shot
     * without its exposure, so that a light going off is not a cut while a new scene is.
     */
    static int bin(float r, float g, float b) {
        float max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b)), chroma = max - min;
        float saturation = max > 0 ? chroma / max : 0;
        if (saturation < 0.2f || max < 0.15f) return Math.min(GRAY_BINS - 1, (int) (max * GRAY_BINS));
        float hue;
        if (max == r) hue = ((g - b) / chroma + 6) % 6;
        else if (max == g) hue = (b - r) / chroma + 2;
        else hue = (r - g) / chroma + 4;
        int h = Math.min(HUE_BINS - 1, (int) (hue / 6 * HUE_BINS));
        return GRAY_BINS + h * 2 + (saturation >= 0.6f ? 1 : 0);
    }
}
