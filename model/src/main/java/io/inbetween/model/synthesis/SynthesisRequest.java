package io.inbetween.model.synthesis;

import io.inbetween.wire.RgbFrame;

/**
 * Frames to make between two source frames.
 *
 * @param taus  positions in (0,1) between frame0 (0) and frame1 (1)
 * @param steps diffusion steps K for stochastic synthesizers (0 = deterministic); others ignore it
 * @param seeds one sampling seed per tau, so a frame's noise does not depend on how it was batched
 */
public record SynthesisRequest(RgbFrame frame0, RgbFrame frame1, double[] taus, int steps, long[] seeds) {
    public SynthesisRequest {
        if (!frame0.sameSizeAs(frame1))
            throw new SynthesisException("frames of one pair differ in size: " + frame0 + " vs " + frame1);
        if (taus.length == 0) throw new SynthesisException("nothing to synthesize: no taus");
        if (seeds.length != taus.length) throw new SynthesisException(taus.length + " taus but " + seeds.length + " seeds");
        for (double t : taus) if (!(t > 0 && t < 1)) throw new SynthesisException("tau must lie in (0,1), got " + t);
        if (steps < 0) throw new SynthesisException("negative diffusion steps " + steps);
    }

    /** A request with seeds derived from one job seed and the output indices, the way the interpolator makes them. */
    public static SynthesisRequest of(RgbFrame frame0, RgbFrame frame1, double[] taus, int steps, long seed) {
        long[] seeds = new long[taus.length];
        for (int i = 0; i < taus.length; i++) seeds[i] = seed + i;
        return new SynthesisRequest(frame0, frame1, taus, steps, seeds);
    }
}
