package io.inbetween.training.data;

import java.util.Arrays;
import java.util.Random;

/**
 * The soft-edged outline of a foreground layer in its own coordinates: a star-shaped region
 * around the origin, given by its radius in {@link #ANGLES} directions (ellipse, polygon or blob).
 * Opacity falls from 1 to 0 across {@code softness} pixels around the outline.
 */
final class LayerMask {
    static final int ANGLES = 256;
    private static final double TWO_PI = 2 * Math.PI;

    private final float[] radius; // radius[k] at angle k * 2pi / ANGLES, angle measured from +x toward +y
    private final float softness;
    private final float reach;    // beyond this distance the mask is 0
    private final float core;     // within this distance it is 1
    private final String shape;

    private LayerMask(String shape, float[] radius, float softness) {
        this.shape = shape;
        this.radius = radius;
        this.softness = softness;
        float max = 0, min = Float.MAX_VALUE;
        for (float r : radius) { max = Math.max(max, r); min = Math.min(min, r); }
        this.reach = max + softness / 2;
        this.core = Math.max(0, min - softness / 2);
    }

    static LayerMask disc(double r, double softness) {
        float[] radius = new float[ANGLES];
        Arrays.fill(radius, (float) r);
        return new LayerMask("disc", radius, (float) softness);
    }

    static LayerMask ellipse(double a, double b, double softness) {
        float[] radius = new float[ANGLES];
        for (int k = 0; k < ANGLES; k++) {
            double phi = k * TWO_PI / ANGLES, c = Math.cos(phi), s = Math.sin(phi);
            radius[k] = (float) (a * b / Math.sqrt(b * b * c * c + a * a * s * s));
        }
        return new LayerMask("ellipse", radius, (float) softness);
    }

    /** A polygon with corners at the given angles (increasing, within one turn) and distances. */
    static LayerMask polygon(double[] cornerAngles, double[] cornerRadii, double softness) {
        int n = cornerAngles.length;
        double[] xs = new double[n], ys = new double[n];
        for (int i = 0; i < n; i++) { xs[i] = cornerRadii[i] * Math.cos(cornerAngles[i]); ys[i] = cornerRadii[i] * Math.sin(cornerAngles[i]); }
        float[] radius = new float[ANGLES];
        for (int k = 0; k < ANGLES; k++) {
            double phi = k * TWO_PI / ANGLES, dx = Math.cos(phi), dy = Math.sin(phi);
            double best = Double.MAX_VALUE;
            for (int i = 0; i < n; i++) { // where the ray from the origin crosses edge i -> i+1
                int j = (i + 1) % n;
                double ex = xs[j] - xs[i], ey = ys[j] - ys[i];
                double denom = dx * ey - dy * ex;
                if (Math.abs(denom) < 1e-12) continue;
                double t = (xs[i] * ey - ys[i] * ex) / denom;   // distance along the ray
                double s = (xs[i] * dy - ys[i] * dx) / denom;   // position along the edge
                if (t > 0 && s >= -1e-9 && s <= 1 + 1e-9) best = Math.min(best, t);
            }
            radius[k] = (float) (best == Double.MAX_VALUE ? 0 : best);
        }
        return new LayerMask("polygon", radius, (float) softness);
    }

    /** A smooth blob: base radius modulated by a few low harmonics. */
    static LayerMask blob(double base, double[] amplitudes, double[] phases, double softness) {
        float[] radius = new float[ANGLES];
        for (int k = 0; k < ANGLES; k++) {
            double phi = k * TWO_PI / ANGLES, r = 1;
            for (int h = 0; h < amplitudes.length; h++) r += amplitudes[h] * Math.cos((h + 2) * phi + phases[h]);
            radius[k] = (float) (base * Math.max(0.2, r));
        }
        return new LayerMask("blob", radius, (float) softness);
    }

    /** A random ellipse, polygon or blob of about {@code size} radius. */
    static LayerMask random(Random rng, double size) {
        double softness = 0.8 + rng.nextDouble() * Math.max(0.5, size * 0.06);
        switch (rng.nextInt(3)) {
            case 0:
                return ellipse(size * (0.6 + 0.4 * rng.nextDouble()), size * (0.3 + 0.7 * rng.nextDouble()), softness);
            case 1: {
                int corners = 3 + rng.nextInt(6);
                double[] angles = new double[corners], radii = new double[corners];
                for (int i = 0; i < corners; i++) { // jittered even spacing keeps the origin inside
                    angles[i] = (i + 0.3 + 0.4 * rng.nextDouble()) * TWO_PI / corners; // gaps stay under half a turn
                    radii[i] = size * (0.5 + 0.5 * rng.nextDouble());
                }
                return polygon(angles, radii, softness);
            }
            default: {
                int harmonics = 1 + rng.nextInt(3);
                double[] amplitudes = new double[harmonics], phases = new double[harmonics];
                for (int h = 0; h < harmonics; h++) { amplitudes[h] = 0.25 * rng.nextDouble() / (h + 1); phases[h] = rng.nextDouble() * TWO_PI; }
                return blob(size * 0.8, amplitudes, phases, softness);
            }
        }
    }

    /** Distance beyond which {@link #alpha} is 0. */
    float reach() { return reach; }

    /** Opacity at layer coordinates (u, v). */
    float alpha(float u, float v) {
        float rho2 = u * u + v * v;
        if (rho2 >= reach * reach) return 0;
        if (rho2 <= core * core) return 1; // most of a layer: no angle needed
        float rho = (float) Math.sqrt(rho2);
        float pos = fastAtan2(v, u) * (ANGLES / (float) TWO_PI); // table position of the direction
        if (pos < 0) pos += ANGLES;
        int k = (int) pos;
        float f = pos - k;
        k &= ANGLES - 1;
        float r = radius[k] + (radius[(k + 1) & (ANGLES - 1)] - radius[k]) * f;
        float a = (r - rho) / softness + 0.5f;
        return a <= 0 ? 0 : Math.min(a, 1);
    }

    /** atan2 to within 2e-4 rad (0.02 px on a 100 px outline), several times faster than Math.atan2. */
    static float fastAtan2(float y, float x) {
        float ax = Math.abs(x), ay = Math.abs(y);
        if (ax == 0 && ay == 0) return 0;
        float a = Math.min(ax, ay) / Math.max(ax, ay), s = a * a;
        float r = ((-0.0464964749f * s + 0.15931422f) * s - 0.327622764f) * s * a + a;
        if (ay > ax) r = 1.57079637f - r;
        if (x < 0) r = 3.14159274f - r;
        return y < 0 ? -r : r;
    }

    @Override public String toString() { return shape + " reach " + reach; }
}
