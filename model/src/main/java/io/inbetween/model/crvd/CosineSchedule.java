package io.inbetween.model.crvd;

/**
 * The continuous-time cosine noise schedule (Nichol and Dhariwal): y_t = alpha(t) * y0 + sigma(t) * eps
 * with alpha^2 + sigma^2 = 1, alpha(0) = 1 and alpha(1) = 0.
 */
public final class CosineSchedule {
    private static final double OFFSET = 0.008;
    private static final double NORM = Math.cos(OFFSET / (1 + OFFSET) * Math.PI / 2);
    /** Keeps sigma(t) away from 0 so that the implied noise eps = (y_t - alpha y0) / sigma stays finite. */
    private static final double MIN_SIGMA = 1e-4;

    private CosineSchedule() {}

    public static double alpha(double t) {
        if (t <= 0) return Math.sqrt(1 - MIN_SIGMA * MIN_SIGMA);
        if (t >= 1) return 0;
        double a = Math.cos((t + OFFSET) / (1 + OFFSET) * Math.PI / 2) / NORM;
        return Math.min(a, Math.sqrt(1 - MIN_SIGMA * MIN_SIGMA));
    }

    public static double sigma(double t) {
        double a = alpha(t);
        return Math.sqrt(1 - a * a);
    }
}
