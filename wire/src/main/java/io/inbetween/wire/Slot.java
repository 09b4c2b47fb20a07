package io.inbetween.wire;

/**
 * One output frame to synthesize inside a pair: its index on the output timeline and its
 * position tau in (0,1) between the pair's two frames (0 = first frame, 1 = second).
 */
public record Slot(long outputIndex, double tau) {
    public Slot {
        if (outputIndex < 0) throw new IllegalArgumentException("negative output index " + outputIndex);
        if (!(tau > 0 && tau < 1)) throw new IllegalArgumentException("tau must lie strictly inside (0,1), got " + tau);
    }
}
