package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;

/**
 * Gradient magnitude similarity deviation (Xue et al. 2014), a sharpness-aware score that needs
 * no learned weights: 0 for identical frames, higher is worse. A blurred or cross-faded frame
 * loses its edges, so it scores badly here even when its PSNR is good. As in the reference code:
 * BT.601 luma, 2×2 average and downsample, 3×3 Prewitt gradients, c = 170, the standard deviation
 * of the similarity map. Gradients are taken where the 3×3 kernel fits, so borders add nothing.
 * An instance keeps its work buffers between calls (see {@link Ssim}); use one per thread.
 */
public final class Gmsd {
    private static final double C = 170;

    private int capacity = -1;
    private double[] luma, half0, half1, mag0, mag1;

    public static double of(RgbFrame reference, RgbFrame candidate) { return new Gmsd().score(reference, candidate); }

    public double score(RgbFrame reference, RgbFrame candidate) {
        Frames.requireSameSize(reference, candidate);
        int fw = reference.width(), w = fw / 2, h = reference.height() / 2;
        if (w < 3 || h < 3) throw new IllegalArgumentException("GMSD needs frames of at least 6x6, got " + reference);
        ensureCapacity(fw * reference.height());
        Frames.luma(reference, luma);
        halve(luma, fw, w, h, half0);
        gradientMagnitude(half0, w, h, mag0);
        Frames.luma(candidate, luma);
        halve(luma, fw, w, h, half1);
        gradientMagnitude(half1, w, h, mag1);
        int n = (w - 2) * (h - 2);
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) {
            double gms = (2 * mag0[i] * mag1[i] + C) / (mag0[i] * mag0[i] + mag1[i] * mag1[i] + C);
            sum += gms;
            sumSq += gms * gms;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sumSq / n - mean * mean));
    }

    /** Mean of each 2×2 block. */
    private static void halve(double[] y, int srcWidth, int w, int h, double[] out) {
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++) {
                int i = 2 * r * srcWidth + 2 * c;
                out[r * w + c] = (y[i] + y[i + 1] + y[i + srcWidth] + y[i + srcWidth + 1]) / 4;
            }
    }

    /** |∇| with Prewitt kernels divided by 3, on the interior (w-2) x (h-2). */
    private static void gradientMagnitude(double[] y, int w, int h, double[] out) {
        int o = 0;
        for (int r = 1; r < h - 1; r++)
            for (int c = 1; c < w - 1; c++) {
                int i = r * w + c;
                double gx = (y[i - w - 1] + y[i - 1] + y[i + w - 1] - y[i - w + 1] - y[i + 1] - y[i + w + 1]) / 3;
                double gy = (y[i - w - 1] + y[i - w] + y[i - w + 1] - y[i + w - 1] - y[i + w] - y[i + w + 1]) / 3;
                out[o++] = Math.sqrt(gx * gx + gy * gy);
            }
    }

    private void ensureCapacity(int n) {
        if (n <= capacity) return;
        capacity = n;
        luma = new double[n];
        half0 = new double[n / 4 + 1]; half1 = new double[n / 4 + 1];
        mag0 = new double[n / 4 + 1]; mag1 = new double[n / 4 + 1];
    }
}
