package io.inbetween.bench;

import io.inbetween.testing.TestMedia;
import io.inbetween.testing.TestClips;
import io.inbetween.wire.RgbFrame;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Real photos as frames (the media is found by {@link TestClips}), and small image operations to perturb them. */
final class BenchMedia {
    private BenchMedia() {}

    /** The top-left w x h of a texture photo. */
    static RgbFrame texture(String name, int w, int h) {
        Path p = TestMedia.texture(name);
        try {
            BufferedImage img = ImageIO.read(p.toFile());
            byte[] rgb = new byte[w * h * 3];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int v = img.getRGB(x, y), i = 3 * (y * w + x);
                    rgb[i] = (byte) (v >> 16);
                    rgb[i + 1] = (byte) (v >> 8);
                    rgb[i + 2] = (byte) v;
                }
            return new RgbFrame(w, h, rgb);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
        }
    }

    /** Box blur of radius r (clamped at the borders). */
    static RgbFrame blur(RgbFrame f, int r) {
        int w = f.width(), h = f.height();
        byte[] in = f.rgb(), out = new byte[in.length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++) {
                    int sum = 0, n = 0;
                    for (int dy = -r; dy <= r; dy++)
                        for (int dx = -r; dx <= r; dx++) {
                            int yy = Math.min(h - 1, Math.max(0, y + dy)), xx = Math.min(w - 1, Math.max(0, x + dx));
                            sum += in[3 * (yy * w + xx) + c] & 0xff;
                            n++;
                        }
                    out[3 * (y * w + x) + c] = (byte) Math.round((float) sum / n);
                }
        return new RgbFrame(w, h, out);
    }

    /** Every sample plus {@code delta}, clamped to 0..255. */
    static RgbFrame offset(RgbFrame f, int delta) {
        byte[] in = f.rgb(), out = new byte[in.length];
        for (int i = 0; i < in.length; i++) out[i] = (byte) Math.max(0, Math.min(255, (in[i] & 0xff) + delta));
        return new RgbFrame(f.width(), f.height(), out);
    }

    /** Gaussian noise of the given standard deviation, clamped. */
    static RgbFrame noise(RgbFrame f, double sigma, long seed) {
        Random rng = new Random(seed);
        byte[] in = f.rgb(), out = new byte[in.length];
        for (int i = 0; i < in.length; i++)
            out[i] = (byte) Math.max(0, Math.min(255, Math.round((in[i] & 0xff) + sigma * rng.nextGaussian())));
        return new RgbFrame(f.width(), f.height(), out);
    }
}
