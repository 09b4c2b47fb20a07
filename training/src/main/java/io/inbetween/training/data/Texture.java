package io.inbetween.training.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A photo held as packed 0xRRGGBB ints (one read per texel for all three channels), sampled
 * bilinearly at any real position. Outside the picture it is mirrored, so a moving layer never
 * shows a hole.
 */
final class Texture {
    final String name;
    final int width;
    final int height;
    private final int[] rgb;

    Texture(String name, int width, int height, int[] rgb) {
        if (rgb.length != width * height) throw new IllegalArgumentException(name + ": " + width + "x" + height + " needs " + width * height + " pixels");
        this.name = name;
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** One colour everywhere (tests). */
    static Texture solid(String name, int width, int height, int rgb) {
        int[] pixels = new int[width * height];
        java.util.Arrays.fill(pixels, rgb);
        return new Texture(name, width, height, pixels);
    }

    /** An image scaled down (never up) so that its longer side is at most {@code maxSide}. */
    static Texture of(String name, BufferedImage image, int maxSide) {
        BufferedImage img = image;
        // Halve with bilinear filtering first: one big bilinear step would alias.
        while (Math.max(img.getWidth(), img.getHeight()) >= 2 * maxSide) img = resized(img, img.getWidth() / 2, img.getHeight() / 2);
        double fit = (double) maxSide / Math.max(img.getWidth(), img.getHeight());
        if (fit < 1 || img.getType() != BufferedImage.TYPE_INT_RGB)
            img = resized(img, Math.max(1, (int) Math.round(img.getWidth() * Math.min(1, fit))), Math.max(1, (int) Math.round(img.getHeight() * Math.min(1, fit))));
        int w = img.getWidth(), h = img.getHeight();
        return new Texture(name, w, h, img.getRGB(0, 0, w, h, null, 0, w));
    }

    private static BufferedImage resized(BufferedImage src, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, width, height, null); // transparent parts become black
        g.dispose();
        return out;
    }

    /**
     * Samples {@code count} points along a line, (u + i du, v + i dv) for i = 0..count-1, into
     * planes {@code out[offset + i]}, {@code out[offset + plane + i]}, {@code out[offset + 2 plane + i]},
     * as texel values (0..255) times {@code gain}. Where {@code alpha} is given, blends over what is there instead.
     * Every rendered pixel goes through here, so the bilinear filter runs on all three channels at
     * once in one long (16-bit lanes, weights in 1/256 pixel): a third faster than float per channel.
     */
    void sampleLine(double u, double v, double du, double dv, int count, float gain, float[] alpha, float[] out, int offset, int plane) {
        int[] px = rgb;
        int w = width, h = height;
        float toUnit = gain / 256f; // lanes hold value * 256
        for (int i = 0; i < count; i++) {
            float a = 1;
            if (alpha != null) {
                a = alpha[i];
                if (a == 0) continue;
            }
            double x = u + i * du, y = v + i * dv;
            int x0, y0, x1, y1;
            if (x >= 0 && y >= 0 && x < w - 1 && y < h - 1) {
                x0 = (int) x; y0 = (int) y; x1 = x0 + 1; y1 = y0 + 1;
            } else { // off the picture: mirror the taps, keep the fractions
                int fx0 = (int) Math.floor(x), fy0 = (int) Math.floor(y);
                x0 = mirror(fx0, w); x1 = mirror(fx0 + 1, w);
                y0 = mirror(fy0, h); y1 = mirror(fy0 + 1, h);
                x -= fx0; y -= fy0;
            }
            int wx = (int) ((x - (int) x) * 256), wy = (int) ((y - (int) y) * 256); // x, y >= 0 here
            int w11 = (wx * wy) >> 8, w01 = wx - w11, w10 = wy - w11, w00 = 256 - wx - wy + w11;
            long sum = lanes(px[y0 * w + x0]) * w00 + lanes(px[y0 * w + x1]) * w01 + lanes(px[y1 * w + x0]) * w10 + lanes(px[y1 * w + x1]) * w11;
            float red = (sum >>> 32) * toUnit, green = (sum >>> 16 & 0xFFFF) * toUnit, blue = (sum & 0xFFFF) * toUnit;
            int p = offset + i;
            if (alpha == null) {
                out[p] = red;
                out[p + plane] = green;
                out[p + 2 * plane] = blue;
            } else {
                float keep = 1 - a;
                out[p] = out[p] * keep + red * a;
                out[p + plane] = out[p + plane] * keep + green * a;
                out[p + 2 * plane] = out[p + 2 * plane] * keep + blue * a;
            }
        }
    }

    /**
     * Samples an axis-aligned grid, (u + x step, v + y step) for x < width, y < height, into the
     * three planes of {@code out}, texel values times {@code gain}: a background that pans and zooms
     * without turning. Separable, so each picture row is filtered across once for the output rows
     * that share it: about half the work of {@link #sampleLine} per pixel.
     */
    void sampleGrid(double u, double v, double step, int width, int height, float gain, float[] out) {
        int[] left = new int[width], right = new int[width];
        float[] fx = new float[width];
        for (int x = 0; x < width; x++) {
            double sx = u + x * step;
            int ix = (int) Math.floor(sx);
            left[x] = mirror(ix, this.width);
            right[x] = mirror(ix + 1, this.width);
            fx[x] = (float) (sx - ix);
        }
        float[] upper = new float[width * 3], lower = new float[width * 3];
        int upperRow = Integer.MIN_VALUE, lowerRow = Integer.MIN_VALUE, plane = width * height;
        for (int y = 0; y < height; y++) {
            double sy = v + y * step;
            int iy = (int) Math.floor(sy);
            float fy = (float) (sy - iy);
            if (iy != upperRow) {
                if (iy == lowerRow) { float[] t = upper; upper = lower; lower = t; upperRow = iy; lowerRow = Integer.MIN_VALUE; }
                else { filterRow(mirror(iy, this.height), left, right, fx, upper); upperRow = iy; }
            }
            if (iy + 1 != lowerRow) { filterRow(mirror(iy + 1, this.height), left, right, fx, lower); lowerRow = iy + 1; }
            for (int x = 0, p = y * width, k = 0; x < width; x++, p++, k += 3) {
                out[p] = (upper[k] + (lower[k] - upper[k]) * fy) * gain;
                out[p + plane] = (upper[k + 1] + (lower[k + 1] - upper[k + 1]) * fy) * gain;
                out[p + 2 * plane] = (upper[k + 2] + (lower[k + 2] - upper[k + 2]) * fy) * gain;
            }
        }
    }

    private void filterRow(int row, int[] left, int[] right, float[] fx, float[] out) {
        int base = row * width;
        for (int x = 0, k = 0; x < fx.length; x++, k += 3) {
            int a = rgb[base + left[x]], b = rgb[base + right[x]];
            float f = fx[x];
            float ar = a >> 16 & 0xFF, ag = a >> 8 & 0xFF, ab = a & 0xFF;
            out[k] = ar + ((b >> 16 & 0xFF) - ar) * f;
            out[k + 1] = ag + ((b >> 8 & 0xFF) - ag) * f;
            out[k + 2] = ab + ((b & 0xFF) - ab) * f;
        }
    }

    /** 0xRRGGBB spread into 16-bit lanes of a long, so that one multiply weights all three channels. */
    private static long lanes(int rgb) {
        return (rgb & 0xFF0000L) << 16 | (rgb & 0xFF00L) << 8 | (rgb & 0xFFL);
    }

    private static int mirror(int i, int n) {
        if (i >= 0 && i < n) return i;
        if (i < 0 && i >= -n) return -1 - i;       // just left of / above the picture
        if (i >= n && i < 2 * n) return 2 * n - 1 - i; // just right of / below it
        int period = 2 * n, m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    @Override public String toString() { return name + " " + width + "x" + height; }
}
