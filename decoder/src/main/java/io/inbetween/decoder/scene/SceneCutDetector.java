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
        double total = 0;
        int blocks = 0;
        for (int by = 0; by + BLOCK_H <= H; by += BLOCK_H) {
            for (int bx = 0; bx + BLOCK_W <= W; bx += BLOCK_W) {
                double best = -1;
                for (int dy = -SEARCH; dy <= SEARCH && best < 1; dy++)
                    for (int dx = -SEARCH; dx <= SEARCH; dx++)
                        best = Math.max(best, correlation(a.luma, bx + dx, by + dy, b.luma, bx, by));
                total += best;
                blocks++;
            }
        }
        return Math.min(1, Math.max(0, 1 - total / blocks));
    }

    /**
     * Normalized cross-correlation of block (ax, ay) of a (clamped at the edges) with block
     * (bx, by) of b. Two flat blocks correlate perfectly; a flat block and a textured one not at all.
     */
    private static double correlation(float[] a, int ax, int ay, float[] b, int bx, int by) {
        int n = BLOCK_W * BLOCK_H;
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (int y = 0; y < BLOCK_H; y++) {
            int ya = Math.min(H - 1, Math.max(0, ay + y)), rowB = (by + y) * W + bx;
            for (int x = 0; x < BLOCK_W; x++) {
                float va = a[ya * W + Math.min(W - 1, Math.max(0, ax + x))], vb = b[rowB + x];
                sa += va; sb += vb; saa += va * va; sbb += vb * vb; sab += va * vb;
            }
        }
        double varA = saa - sa * sa / n, varB = sbb - sb * sb / n, cov = sab - sa * sb / n;
        boolean flatA = varA < FLAT * n, flatB = varB < FLAT * n;
        if (flatA && flatB) return 1;
        if (flatA || flatB) return 0;
        return cov / Math.sqrt(varA * varB);
    }
}
