package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;

import java.util.Arrays;

/**
 * Structural similarity (Wang et al. 2004) with its reference settings: an 11×11 Gaussian window
 * of σ = 1.5, K1 = 0.01, K2 = 0.03, L = 255, statistics over the window positions that fit in
 * the image ("valid"), computed per R, G, B channel and averaged. 1 means identical.
 * An instance keeps its work buffers between calls, so that scoring makes no garbage that would
 * inflate the peak memory measured around it; use one per thread.
 */
public final class Ssim {
    static final int WINDOW = 11;
    static final double SIGMA = 1.5;
    private static final double C1 = sq(0.01 * 255), C2 = sq(0.03 * 255);
    private static final double[] KERNEL = gaussian();

    private int capacity = -1;
    private double[] x, y, xx, yy, xy, rows, mx, my, sxx, syy, sxy;

    public static double of(RgbFrame reference, RgbFrame candidate) { return new Ssim().score(reference, candidate); }

    public double score(RgbFrame reference, RgbFrame candidate) {
        Frames.requireSameSize(reference, candidate);
        int w = reference.width(), h = reference.height();
        if (w < WINDOW || h < WINDOW)
            throw new IllegalArgumentException("SSIM needs frames of at least " + WINDOW + "x" + WINDOW + ", got " + reference);
        ensureCapacity(w * h);
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            Frames.channel(reference, c, x);
            Frames.channel(candidate, c, y);
            sum += channel(w, h);
        }
        return sum / 3;
    }

    /** Mean SSIM of the channel in x and y. */
    private double channel(int w, int h) {
        int n = w * h;
        for (int i = 0; i < n; i++) { xx[i] = x[i] * x[i]; yy[i] = y[i] * y[i]; xy[i] = x[i] * y[i]; }
        blur(x, mx, w, h);
        blur(y, my, w, h);
        blur(xx, sxx, w, h);
        blur(yy, syy, w, h);
        blur(xy, sxy, w, h);
        int m = (w - WINDOW + 1) * (h - WINDOW + 1);
        double sum = 0;
        for (int i = 0; i < m; i++) {
            double ux = mx[i], uy = my[i];
            double vx = sxx[i] - ux * ux, vy = syy[i] - uy * uy, cov = sxy[i] - ux * uy;
            sum += (2 * ux * uy + C1) * (2 * cov + C2) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
        }
        return sum / m;
    }

    /** Separable Gaussian filter into {@code out}, valid part only: (w-10) x (h-10). */
    private void blur(double[] img, double[] out, int w, int h) {
        int ow = w - WINDOW + 1, oh = h - WINDOW + 1;
        for (int r = 0; r < h; r++) {
            int in = r * w, o = r * ow;
            for (int c = 0; c < ow; c++) {
                double s = 0;
                for (int k = 0; k < WINDOW; k++) s += KERNEL[k] * img[in + c + k];
                rows[o + c] = s;
            }
        }
        for (int r = 0; r < oh; r++) { // row by row, so that memory is read in order
            int o = r * ow;
            Arrays.fill(out, o, o + ow, 0);
            for (int k = 0; k < WINDOW; k++) {
                double weight = KERNEL[k];
                int in = (r + k) * ow;
                for (int c = 0; c < ow; c++) out[o + c] += weight * rows[in + c];
            }
        }
    }

    private void ensureCapacity(int n) {
        if (n <= capacity) return;
        capacity = n;
        x = new double[n]; y = new double[n]; xx = new double[n]; yy = new double[n]; xy = new double[n];
        rows = new double[n]; mx = new double[n]; my = new double[n]; sxx = new double[n]; syy = new double[n]; sxy = new double[n];
    }

    private static double[] gaussian() {
        double[] k = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - WINDOW / 2;
            k[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += k[i];
        }
        for (int i = 0; i < WINDOW; i++) k[i] /= sum;
        return k;
    }

    private static double sq(double v) { return v * v; }
}
