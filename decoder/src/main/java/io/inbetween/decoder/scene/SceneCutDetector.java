package io.inbetween.decoder.scene;

/**
 * Scores how likely two consecutive frames are two different shots, from 0 (same picture) to 1.
 *
 * <p>The score is the mean of two distances that fail in different ways on their own:
 * <ul>
 *   <li>palette: half the L1 distance of hue/saturation histograms. Large motion keeps the
 *       palette; a lighting change moves it a little; a new shot usually moves it a lot.</li>
 *   <li>structure: one minus the normalized cross-correlation of the luma thumbnails, block by
 *       block, each block at its best shift within ±4 cells (±4% of the width). Motion is
 *       compensated by the shift, a lighting change by the normalization; a new shot matches
 *       nowhere.</li>
 * </ul>
 * Measured on the real clips in data/media (see SceneCutDetectorTest): motion and lighting
 * changes score below 0.3, cuts between unrelated shots above 0.4 (default threshold,
 * {@code JobSpec.DEFAULT_SCENE_THRESHOLD}). Cuts between two shots of the same set, same
 * palette and layout, can score lower; morphing those is the lesser harm.
 */
public final class SceneCutDetector {
    private static final int W = FrameSignature.WIDTH, H = FrameSignature.HEIGHT;
    private static final int BLOCK_W = 12, BLOCK_H = 9, SEARCH = 4;
    /** Variance per cell below which a block is flat (a uniform area, a black frame). */
    private static final float FLAT = 1f;

    private SceneCutDetector() {}

    /** The cut score of two frames, in [0,1]. */
    public static double score(FrameSignature a, FrameSignature b) {
        return (paletteDistance(a, b) + structureDistance(a, b)) / 2;
    }

    static double paletteDistance(FrameSignature a, FrameSignature b) {
        double sum = 0;
        for (int i = 0; i < FrameSignature.BINS; i++) sum += Math.abs(a.histogram[i] - b.histogram[i]);
        return Math.min(1, sum / 2);
    }

    static double structureDistance(FrameSignature a, FrameSignature b) {
        int n = BLOCK_W * BLOCK_H, pad = FrameSignature.PAD, pw = FrameSignature.PADDED_WIDTH;
        double total = 0;
        int blocks = 0;
        for (int by = 0; by + BLOCK_H <= H; by += BLOCK_H) {
            for (int bx = 0; bx + BLOCK_W <= W; bx += BLOCK_W) {
                // b's block is fixed; a's block moves by up to SEARCH cells (the border repeats a's edges)
                double sb = FrameSignature.blockSum(b.sum, bx + pad, by + pad, BLOCK_W, BLOCK_H);
                double varB = FrameSignature.blockSum(b.sumOfSquares, bx + pad, by + pad, BLOCK_W, BLOCK_H) - sb * sb / n;
                double best = -1;
                for (int dy = -SEARCH; dy <= SEARCH && best < 1; dy++) {
                    for (int dx = -SEARCH; dx <= SEARCH; dx++) {
                        int ax = bx + pad + dx, ay = by + pad + dy;
                        double sa = FrameSignature.blockSum(a.sum, ax, ay, BLOCK_W, BLOCK_H);
                        double varA = FrameSignature.blockSum(a.sumOfSquares, ax, ay, BLOCK_W, BLOCK_H) - sa * sa / n;
                        best = Math.max(best, correlation(varA, varB, sa, sb, n, a.padded, ax, ay, b.padded, bx + pad, by + pad, pw));
                    }
                }
                total += best;
                blocks++;
            }
        }
        return Math.min(1, Math.max(0, 1 - total / blocks));
    }

    /**
     * Normalized cross-correlation of two blocks given their sums and variances. Two flat blocks
     * correlate perfectly; a flat block and a textured one not at all.
     */
    private static double correlation(double varA, double varB, double sa, double sb, int n,
                                      float[] a, int ax, int ay, float[] b, int bx, int by, int stride) {
        boolean flatA = varA < FLAT * n, flatB = varB < FLAT * n;
        if (flatA && flatB) return 1;
        if (flatA || flatB) return 0;
        double sab = 0;
        for (int y = 0; y < BLOCK_H; y++) {
            int rowA = (ay + y) * stride + ax, rowB = (by + y) * stride + bx;
            for (int x = 0; x < BLOCK_W; x++) sab += a[rowA + x] * b[rowB + x];
        }
        return (sab - sa * sb / n) / Math.sqrt(varA * varB);
    }
}
