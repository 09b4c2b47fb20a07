package io.inbetween.interpolator.training.data;

import io.inbetween.wire.RgbFrame;

/**
 * Decides whether a window of real video shows motion a model can learn from and be judged on.
 * Clips freeze (planetblupi opens and closes on still frames), flash (a middle frame brighter than
 * both ends) and cut or glitch (history2 has frames of noise): such middles cannot be predicted
 * from the ends. One instance per clip: it keeps the differences between neighbouring frames.
 */
final class WindowContent {
    /** Ends closer than this (mean absolute difference, 0..1) are a frozen picture: nothing to learn. */
    static final double FROZEN = 0.0015;
    /** A step between neighbouring frames larger than this is a cut or a glitch. */
    static final double CUT = 0.25;
    /** The middle may differ from either end by at most this factor of the ends' difference, plus {@link #SLACK}. */
    static final double BETWEEN_FACTOR = 1.25;
    static final double SLACK = 0.02;
    /** Difference sampling stride in bytes: 7 walks all three channels and most pixels, 7x cheaper. */
    private static final int STRIDE = 7;

    private final DecodedClip clip;
    private final double[] steps; // steps[i] = difference(frame i, frame i+1)

    WindowContent(DecodedClip clip) {
        this.clip = clip;
        this.steps = new double[Math.max(0, clip.frameCount() - 1)];
        for (int i = 0; i < steps.length; i++) steps[i] = difference(clip.frame(i), clip.frame(i + 1));
    }

    boolean usable(ClipWindow window) {
        RgbFrame first = clip.frame(window.first()), middle = clip.frame(window.middle()), last = clip.frame(window.last());
        double ends = difference(first, last);
        if (ends < FROZEN) return false;
        for (int i = window.first(); i < window.last(); i++) if (steps[i] > CUT) return false;
        double limit = ends * BETWEEN_FACTOR + SLACK;
        return difference(first, middle) <= limit && difference(middle, last) <= limit;
    }

    /** Mean absolute difference of two frames in [0,1], on a fixed sample of their bytes. */
    static double difference(RgbFrame a, RgbFrame b) {
        byte[] x = a.rgb(), y = b.rgb();
        long sum = 0;
        int n = 0;
        for (int i = 0; i < x.length; i += STRIDE, n++) sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
        return sum / (255.0 * n);
    }
}
