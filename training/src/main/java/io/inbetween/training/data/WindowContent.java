package io.inbetween.training.data;

import io.inbetween.wire.RgbFrame;

import java.util.Arrays;

/**
 * Decides whether a window of real video shows motion a model can learn from and be judged on.
 * Clips freeze (planetblupi opens and closes on still frames), hold a frame (a title card, then
 * the film), cut or glitch (history2 has frames of noise) and flash (a middle frame brighter than
 * both ends): such middles cannot be predicted from the ends. One instance per clip: it keeps the
 * differences between neighbouring frames.
 */
final class WindowContent {
    /** Ends closer than this (mean absolute difference, 0..1) are a frozen picture: nothing to learn. */
    static final double FROZEN = 0.0015;
    /** A middle this close to one end, while the ends differ, is a held frame: its timing is unknowable. */
    static final double HELD = 0.0005;
    /** A step between neighbouring frames larger than this is a cut or a glitch... */
    static final double CUT = 0.25;
    /** ...and so is one over {@link #CUT_FLOOR} that is {@link #CUT_RATIO} times the typical step around it. */
    static final double CUT_FLOOR = 0.05;
    static final double CUT_RATIO = 4;
    private static final int NEIGHBOURHOOD = 4;
    /** The middle may differ from either end by at most this factor of the ends' difference, plus {@link #SLACK}. */
    static final double BETWEEN_FACTOR = 1.25;
    static final double SLACK = 0.02;
    /** Difference sampling stride in bytes: 7 walks all three channels and most pixels, 7x cheaper. */
    private static final int STRIDE = 7;

    private final DecodedClip clip;
    private final boolean[] cutAfter; // cutAfter[i]: frames i and i+1 are not one continuous shot

    WindowContent(DecodedClip clip) {
        this.clip = clip;
        double[] steps = new double[Math.max(0, clip.frameCount() - 1)];
        for (int i = 0; i < steps.length; i++) steps[i] = difference(clip.frame(i), clip.frame(i + 1));
        cutAfter = new boolean[steps.length];
        for (int i = 0; i < steps.length; i++)
            cutAfter[i] = steps[i] > CUT || (steps[i] > CUT_FLOOR && steps[i] > CUT_RATIO * typicalStepAround(steps, i));
    }

    /** The median step within {@link #NEIGHBOURHOOD} frames of step i, not counting step i. */
    private static double typicalStepAround(double[] steps, int i) {
        double[] around = new double[2 * NEIGHBOURHOOD];
        int n = 0;
        for (int j = Math.max(0, i - NEIGHBOURHOOD); j <= Math.min(steps.length - 1, i + NEIGHBOURHOOD); j++) if (j != i) around[n++] = steps[j];
        if (n == 0) return 0;
        Arrays.sort(around, 0, n);
        return n % 2 == 1 ? around[n / 2] : (around[n / 2 - 1] + around[n / 2]) / 2;
    }

    boolean usable(ClipWindow window) {
        RgbFrame first = clip.frame(window.first()), middle = clip.frame(window.middle()), last = clip.frame(window.last());
        double ends = difference(first, last);
        if (ends < FROZEN) return false;
        for (int i = window.first(); i < window.last(); i++) if (cutAfter[i]) return false;
        double toMiddle = difference(first, middle), fromMiddle = difference(middle, last);
        if (toMiddle < HELD || fromMiddle < HELD) return false;
        double limit = ends * BETWEEN_FACTOR + SLACK;
        return toMiddle <= limit && fromMiddle <= limit;
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
