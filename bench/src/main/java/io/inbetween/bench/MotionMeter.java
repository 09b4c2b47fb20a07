package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * How far things move between two frames, measured independently of every method under test:
 * block matching on luma, 32x32 blocks, a full search at quarter size (up to ±{@link #MAX_MOTION}
 * px) refined at half and full size. A block counts as moving when its best match is at least
 * {@link #MOVING} px away and explains the block clearly better than standing still does, and
 * only textured blocks are matched (a flat block matches anywhere).
 * <p>
 * Tripod shots are mostly still background, so the median over all blocks would call every one
 * of them motionless; the benchmark's large-motion group is chosen by the median over moving
 * blocks ({@link Result#medianMoving()}), with the moving share reported beside it.
 */
public final class MotionMeter {
    static final int BLOCK = 32;
    static final int MAX_MOTION = 96;
    static final double MOVING = 2;
    /** A moving block's best match costs at most this share of its still (zero-motion) cost. */
    static final double CLEARLY_BETTER = 0.7;
    /** Luma standard deviation (0-255) below which a block is too flat to match. */
    static final double MIN_TEXTURE = 6;

    /** @param medianMoving median displacement of moving blocks in px, 0 if none move; movingShare of textured blocks */
    public record Result(double medianMoving, double movingShare, int texturedBlocks) {}

    private MotionMeter() {}

    public static Result measure(RgbFrame a, RgbFrame b) {
        if (!a.sameSizeAs(b)) throw new IllegalArgumentException("frames differ in size: " + a + " and " + b);
        float[][] la = pyramid(luma(a), a.width(), a.height()), lb = pyramid(luma(b), b.width(), b.height());
        int w = a.width(), h = a.height();
        List<Double> moving = new ArrayList<>();
        int textured = 0;
        for (int y = 0; y + BLOCK <= h; y += BLOCK)
            for (int x = 0; x + BLOCK <= w; x += BLOCK) {
                if (deviation(la[0], w, x, y, BLOCK) < MIN_TEXTURE) continue;
                textured++;
                int[] d = match(la, lb, w, h, x, y);
                double still = sad(la[0], lb[0], w, h, x, y, BLOCK, 0, 0);
                double best = sad(la[0], lb[0], w, h, x, y, BLOCK, d[0], d[1]);
                double length = Math.hypot(d[0], d[1]);
                if (length >= MOVING && best <= CLEARLY_BETTER * still) moving.add(length);
            }
        double median = 0;
        if (!moving.isEmpty()) {
            double[] sorted = moving.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }
        return new Result(median, textured == 0 ? 0 : (double) moving.size() / textured, textured);
    }

    /** Coarse to fine: full search at 1/4, then ±2 px at 1/2 and at full size. */
    private static int[] match(float[][] la, float[][] lb, int w, int h, int x, int y) {
        int dx = 0, dy = 0;
        for (int level = 2; level >= 0; level--) {
            int s = 1 << level, lw = w >> level, lh = h >> level, size = BLOCK >> level;
            int bx = x >> level, by = y >> level, reach = level == 2 ? MAX_MOTION / 4 : 2;
            int cx = dx, cy = dy;
            double bestCost = Double.MAX_VALUE;
            for (int oy = cy - reach; oy <= cy + reach; oy++)
                for (int ox = cx - reach; ox <= cx + reach; ox++) {
                    double c = sad(la[level], lb[level], lw, lh, bx, by, size, ox, oy);
                    if (c < bestCost || (c == bestCost && Math.abs(ox) + Math.abs(oy) < Math.abs(dx) + Math.abs(dy))) {
                        bestCost = c;
                        dx = ox;
                        dy = oy;
                    }
                }
            if (level > 0) { dx *= 2; dy *= 2; }
        }
        return new int[] {dx, dy};
    }

    /** Mean absolute difference; positions outside the frame are clamped to its edge. */
    private static double sad(float[] a, float[] b, int w, int h, int x, int y, int size, int dx, int dy) {
        double sum = 0;
        for (int j = 0; j < size; j++) {
            int ya = y + j, yb = Math.min(h - 1, Math.max(0, ya + dy));
            for (int i = 0; i < size; i++) {
                int xa = x + i, xb = Math.min(w - 1, Math.max(0, xa + dx));
                sum += Math.abs(a[ya * w + xa] - b[yb * w + xb]);
            }
        }
        return sum / (size * size);
    }

    private static double deviation(float[] l, int w, int x, int y, int size) {
        double sum = 0, sq = 0;
        for (int j = 0; j < size; j++)
            for (int i = 0; i < size; i++) {
                double v = l[(y + j) * w + x + i];
                sum += v;
                sq += v * v;
            }
        double n = size * size, mean = sum / n;
        return Math.sqrt(Math.max(0, sq / n - mean * mean));
    }

    private static float[] luma(RgbFrame f) {
        float[] l = new float[f.width() * f.height()];
        byte[] rgb = f.rgb();
        for (int i = 0; i < l.length; i++)
            l[i] = 0.299f * (rgb[3 * i] & 0xff) + 0.587f * (rgb[3 * i + 1] & 0xff) + 0.114f * (rgb[3 * i + 2] & 0xff);
        return l;
    }

    /** Levels 0 (full), 1 (half) and 2 (quarter), each a 2x2 mean of the one before. */
    private static float[][] pyramid(float[] full, int w, int h) {
        float[][] levels = new float[3][];
        levels[0] = full;
        for (int k = 1; k < 3; k++) {
            int pw = w >> (k - 1), ph = h >> (k - 1), cw = w >> k, ch = h >> k;
            float[] prev = levels[k - 1], next = new float[cw * ch];
            for (int y = 0; y < ch; y++)
                for (int x = 0; x < cw; x++) {
                    int i = 2 * y * pw + 2 * x;
                    next[y * cw + x] = (prev[i] + prev[i + 1] + prev[i + pw] + prev[Math.min(i + pw + 1, pw * ph - 1)]) / 4;
                }
            levels[k] = next;
        }
        return levels;
    }
}
