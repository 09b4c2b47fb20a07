package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;

/** Peak signal-to-noise ratio over all RGB samples, peak 255: 10 log10(255² / MSE). */
public final class Psnr {
    /** Identical frames have infinite PSNR; they score this, so that means over frames stay finite. */
    public static final double CAP_DB = 100;

    private Psnr() {}

    /** Mean squared error over every R, G and B sample. */
    public static double mse(RgbFrame reference, RgbFrame candidate) {
        Frames.requireSameSize(reference, candidate);
        byte[] a = reference.rgb(), b = candidate.rgb();
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            sum += d * d;
        }
        return (double) sum / a.length;
    }

    public static double of(RgbFrame reference, RgbFrame candidate) {
        return fromMse(mse(reference, candidate));
    }

    public static double fromMse(double mse) {
        return mse == 0 ? CAP_DB : Math.min(CAP_DB, 10 * Math.log10(255.0 * 255.0 / mse));
    }
}
