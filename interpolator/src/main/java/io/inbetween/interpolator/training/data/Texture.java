package io.inbetween.interpolator.training.data;

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

    /** Bilinear sample at (x, y), pixel centres at integers; writes r, g, b in 0..255 into {@code out}. */
    void sample(double x, double y, float[] out) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        float fx = (float) (x - x0), fy = (float) (y - y0);
        int x1 = x0 + 1, y1 = y0 + 1;
        if (x0 < 0 || y0 < 0 || x1 >= width || y1 >= height) { // rare: mirror the indices
            x0 = mirror(x0, width); x1 = mirror(x1, width);
            y0 = mirror(y0, height); y1 = mirror(y1, height);
        }
        int a = rgb[y0 * width + x0], b = rgb[y0 * width + x1], c = rgb[y1 * width + x0], d = rgb[y1 * width + x1];
        float wa = (1 - fx) * (1 - fy), wb = fx * (1 - fy), wc = (1 - fx) * fy, wd = fx * fy;
        out[0] = wa * (a >> 16 & 0xFF) + wb * (b >> 16 & 0xFF) + wc * (c >> 16 & 0xFF) + wd * (d >> 16 & 0xFF);
        out[1] = wa * (a >> 8 & 0xFF) + wb * (b >> 8 & 0xFF) + wc * (c >> 8 & 0xFF) + wd * (d >> 8 & 0xFF);
        out[2] = wa * (a & 0xFF) + wb * (b & 0xFF) + wc * (c & 0xFF) + wd * (d & 0xFF);
    }

    private static int mirror(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    @Override public String toString() { return name + " " + width + "x" + height; }
}
