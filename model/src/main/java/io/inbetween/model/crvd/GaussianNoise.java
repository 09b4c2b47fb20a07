package io.inbetween.model.crvd;

import java.util.SplittableRandom;

/**
 * Seeded standard normal noise made in Java, one seed per frame, so that a frame's noise is the
 * same whatever batch, device or thread count it was sampled with.
 */
public final class GaussianNoise {
    private GaussianNoise() {}

    /** Fills {@code out[offset, offset + count)} with N(0, scale^2) noise drawn from {@code seed}. */
    public static void fill(long seed, float scale, float[] out, int offset, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) out[offset + i] = (float) (random.nextGaussian() * scale);
    }
}
