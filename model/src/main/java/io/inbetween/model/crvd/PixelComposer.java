package io.inbetween.model.crvd;

import io.inbetween.wire.RgbFrame;

/**
 * The full-resolution end of CRVD for serving, in fused Java loops: pools the frames to the
 * mu-network's input size, upsamples its flow field and mask (bilinear, PyTorch's align_corners=false convention), warps both 8-bit frames
 * (bilinear, border replicated), blends them into mu, and for K > 0 writes the denoiser's folded
 * condition. It computes exactly what {@link WarpBlend} computes with tensors, without making
 * any full-resolution tensor: on this CPU each full-size element-wise tensor op costs
 * milliseconds, and the warp alone needs about thirty of them.
 */
public final class PixelComposer {
    /** Planes of the field this composer reads: flow (4) and mask (1), at 1/fieldScale of the padded size. */
    public static final int FIELD_PLANES = 5;

    private final int width, height, padWidth, padHeight, fieldScale, fieldWidth, fieldHeight, conditionChannels;
    private final boolean flowCondition;
    private final int[] col0, col1, row0, row1;
    private final float[] colWeight, rowWeight;

    /**
     * @param fieldScale    the flow field's resolution relative to the padded frame ({@link CrvdConfig#fieldScale()})
     * @param flowCondition write the scaled flows into the condition too ({@link CrvdConfig#flowCondition()})
     */
    public PixelComposer(int width, int height, int fieldScale, boolean flowCondition) {
        if (fieldScale != 2 && fieldScale != 4) throw new IllegalArgumentException("field scale must be 2 or 4, got " + fieldScale);
        this.fieldScale = fieldScale;
        this.flowCondition = flowCondition;
        this.conditionChannels = flowCondition ? 20 : 16;
        this.width = width;
        this.height = height;
        this.padWidth = CrvdModel.pad(width);
        this.padHeight = CrvdModel.pad(height);
        this.fieldWidth = padWidth / fieldScale;
        this.fieldHeight = padHeight / fieldScale;
        col0 = new int[padWidth];
        col1 = new int[padWidth];
        colWeight = new float[padWidth];
        row0 = new int[padHeight];
        row1 = new int[padHeight];
        rowWeight = new float[padHeight];
        upsampleTaps(fieldWidth, padWidth, col0, col1, colWeight);
        upsampleTaps(fieldHeight, padHeight, row0, row1, rowWeight);
    }

    /** Source taps of bilinear upsampling with align_corners=false (negative source coordinates clamp to 0, as in PyTorch). */
    private static void upsampleTaps(int in, int out, int[] i0, int[] i1, float[] weight) {
        float scale = (float) in / out;
        for (int d = 0; d < out; d++) {
            float src = Math.max((d + 0.5f) * scale - 0.5f, 0f);
            int lo = (int) src;
            i0[d] = lo;
            i1[d] = lo < in - 1 ? lo + 1 : lo;
            weight[d] = src - lo;
        }
    }

    public int width() { return width; }

    public int height() { return height; }

    public int padWidth() { return padWidth; }

    public int padHeight() { return padHeight; }

    /** Floats per frame of the field ({@link #FIELD_PLANES} planes at field size). */
    public int fieldSize() { return FIELD_PLANES * fieldWidth * fieldHeight; }

    /** Floats per frame pair of the mu-network's input ({@link #pooled}: 6 planes at field size). */
    public int pooledSize() { return 6 * fieldWidth * fieldHeight; }

    public int fieldWidth() { return fieldWidth; }

    public int fieldHeight() { return fieldHeight; }

    /** Floats per frame of the folded condition (64 or 80 planes at half size) and of the folded residual (12 planes). */
    public int conditionSize() { return conditionChannels * padWidth * padHeight; }

    public int residualSize() { return 3 * padWidth * padHeight; }

    /** Floats per frame of a cropped planar RGB image. */
    public int imageSize() { return 3 * width * height; }

    /**
     * Both frames at the field's size, 6 planes (means over fieldScale x fieldScale blocks of the
     * edge-replicated frames), into {@code dst} at {@code offset}: the mu-network's input.
     */
    public void pooled(RgbFrame frame0, RgbFrame frame1, float[] dst, int offset) {
        int plane = fieldWidth * fieldHeight;
        pooledOf(frame0, dst, offset, plane);
        pooledOf(frame1, dst, offset + 3 * plane, plane);
    }

    private void pooledOf(RgbFrame frame, float[] dst, int offset, int plane) {
        byte[] rgb = frame.rgb();
        final int k = fieldScale;
        final float norm = 1f / (k * k * 255f);
        for (int qy = 0; qy < fieldHeight; qy++) {
            for (int qx = 0; qx < fieldWidth; qx++) {
                int r = 0, g = 0, b = 0;
                for (int dy = 0; dy < k; dy++) {
                    int row = Math.min(qy * k + dy, height - 1) * width;
                    for (int dx = 0; dx < k; dx++) {
                        int s = (row + Math.min(qx * k + dx, width - 1)) * 3;
                        r += rgb[s] & 0xff;
                        g += rgb[s + 1] & 0xff;
                        b += rgb[s + 2] & 0xff;
                    }
                }
                int d = offset + qy * fieldWidth + qx;
                dst[d] = r * norm;
                dst[d + plane] = g * norm;
                dst[d + 2 * plane] = b * norm;
            }
        }
    }

    /** mu for K = 0, as the final 8-bit frame. */
    public RgbFrame mu(RgbFrame frame0, RgbFrame frame1, float[] field, int fieldOffset) {
        float[] mu = new float[imageSize()];
        compose(frame0, frame1, field, fieldOffset, mu, 0, null, 0);
        return FrameTensors.toRgb(mu, 0, width, height, width, height);
    }

    /**
     * mu (cropped, planar, into {@code mu} at {@code muOffset}) and the folded condition over the
     * whole padded frame (into {@code condition} at {@code conditionOffset}), for K > 0.
     */
    public void condition(RgbFrame frame0, RgbFrame frame1, float[] field, int fieldOffset,
                          float[] mu, int muOffset, float[] condition, int conditionOffset) {
        compose(frame0, frame1, field, fieldOffset, mu, muOffset, condition, conditionOffset);
    }

    /** x = mu + sigma * unfold(y0), cropped and rounded to 8 bits. */
    public RgbFrame finish(float[] mu, int muOffset, float[] residual, int residualOffset, float sigma) {
        int hw = padWidth / 2, hh = padHeight / 2, folded = hw * hh;
        byte[] rgb = new byte[width * height * 3];
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sub = ((y & 1) << 1) | (x & 1);
                int at = (y >> 1) * hw + (x >> 1);
                for (int c = 0; c < 3; c++) {
                    float v = mu[muOffset + c * plane + y * width + x] + sigma * residual[residualOffset + (c * 4 + sub) * folded + at];
                    rgb[(y * width + x) * 3 + c] = FrameTensors.quantize(v);
                }
            }
        }
        return new RgbFrame(width, height, rgb);
    }

    private void compose(RgbFrame frame0, RgbFrame frame1, float[] field, int fo, float[] mu, int mo, float[] cond, int co) {
        if (frame0.width() != width || frame0.height() != height || frame1.width() != width || frame1.height() != height)
            throw new IllegalArgumentException("composer for " + width + "x" + height + " got " + frame0 + " and " + frame1);
        byte[] a = frame0.rgb(), b = frame1.rgb();
        int fplane = fieldWidth * fieldHeight;
        int rows = cond == null ? height : padHeight, cols = cond == null ? width : padWidth;
        int plane = width * height;
        int hw = padWidth / 2, folded = hw * (padHeight / 2);
        float[] s0 = new float[3], s1 = new float[3];
        for (int y = 0; y < rows; y++) {
            int ra = fo + row0[y] * fieldWidth, rb = fo + row1[y] * fieldWidth;
            float ly = rowWeight[y];
            for (int x = 0; x < cols; x++) {
                int ca = col0[x], cb = col1[x];
                float lx = colWeight[x];
                float w00 = (1 - ly) * (1 - lx), w01 = (1 - ly) * lx, w10 = ly * (1 - lx), w11 = ly * lx;
                float f0x = fieldScale * tap(field, ra, rb, ca, cb, 0, w00, w01, w10, w11);
                float f0y = fieldScale * tap(field, ra, rb, ca, cb, fplane, w00, w01, w10, w11);
                float f1x = fieldScale * tap(field, ra, rb, ca, cb, 2 * fplane, w00, w01, w10, w11);
                float f1y = fieldScale * tap(field, ra, rb, ca, cb, 3 * fplane, w00, w01, w10, w11);
                float m = tap(field, ra, rb, ca, cb, 4 * fplane, w00, w01, w10, w11);
                sample(a, x + f0x, y + f0y, s0);
                sample(b, x + f1x, y + f1y, s1);
                boolean inside = x < width && y < height;
                int sub = ((y & 1) << 1) | (x & 1);
                int at = co + (y >> 1) * hw + (x >> 1);
                int src = (Math.min(y, height - 1) * width + Math.min(x, width - 1)) * 3;
                for (int c = 0; c < 3; c++) {
                    float v = s1[c] + m * (s0[c] - s1[c]);
                    if (inside) mu[mo + c * plane + y * width + x] = v;
                    if (cond != null) {
                        cond[at + (c * 4 + sub) * folded] = (a[src + c] & 0xff) * (1f / 255);
                        cond[at + ((3 + c) * 4 + sub) * folded] = (b[src + c] & 0xff) * (1f / 255);
                        cond[at + ((6 + c) * 4 + sub) * folded] = s0[c];
                        cond[at + ((9 + c) * 4 + sub) * folded] = s1[c];
                        cond[at + ((12 + c) * 4 + sub) * folded] = v;
                    }
                }
                if (cond != null) {
                    cond[at + (15 * 4 + sub) * folded] = m;
                    if (flowCondition) {
                        float k = ResidualDenoiser.FLOW_CONDITION_SCALE;
                        cond[at + (16 * 4 + sub) * folded] = f0x * k;
                        cond[at + (17 * 4 + sub) * folded] = f0y * k;
                        cond[at + (18 * 4 + sub) * folded] = f1x * k;
                        cond[at + (19 * 4 + sub) * folded] = f1y * k;
                    }
                }
            }
        }
    }

    private static float tap(float[] f, int ra, int rb, int ca, int cb, int plane, float w00, float w01, float w10, float w11) {
        return w00 * f[ra + plane + ca] + w01 * f[ra + plane + cb] + w10 * f[rb + plane + ca] + w11 * f[rb + plane + cb];
    }

    /** Bilinear sample of an 8-bit frame at (x, y), border replicated, as {@link BilinearWarp} does on the padded tensor. */
    private void sample(byte[] rgb, float x, float y, float[] out) {
        float fx = (float) Math.floor(x), fy = (float) Math.floor(y);
        float wx = x - fx, wy = y - fy;
        int x0 = clamp(fx, width), x1 = clamp(fx + 1, width), y0 = clamp(fy, height), y1 = clamp(fy + 1, height);
        int p00 = (y0 * width + x0) * 3, p01 = (y0 * width + x1) * 3, p10 = (y1 * width + x0) * 3, p11 = (y1 * width + x1) * 3;
        for (int c = 0; c < 3; c++) {
            float v00 = rgb[p00 + c] & 0xff, v01 = rgb[p01 + c] & 0xff, v10 = rgb[p10 + c] & 0xff, v11 = rgb[p11 + c] & 0xff;
            float top = v00 + wx * (v01 - v00), bottom = v10 + wx * (v11 - v10);
            out[c] = (top + wy * (bottom - top)) * (1f / 255);
        }
    }

    private static int clamp(float v, int size) {
        if (!(v > 0)) return 0; // also NaN
        return v >= size - 1 ? size - 1 : (int) v;
    }
}
