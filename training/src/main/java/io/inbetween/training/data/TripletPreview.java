package io.inbetween.training.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a PNG grid of triplets, one per row: frame 0 | middle (at tau) | frame 1 | |frame 1 - frame 0| (doubled),
 * so people can look at the training data. Run it with
 * <pre>  java -cp ... io.inbetween.training.data.TripletPreview [media-dir] [out.png] [rows] [crop] [seed]</pre>
 * It draws half synthetic and half real training triplets, and logs how long a synthetic triplet takes.
 */
public final class TripletPreview {
    private static final Logger log = LoggerFactory.getLogger(TripletPreview.class);
    private static final int GAP = 4;
    private static final int LABEL = 14;

    private TripletPreview() {}

    public static void main(String[] args) {
        Path media = Path.of(args.length > 0 ? args[0] : "data/media");
        Path out = Path.of(args.length > 1 ? args[1] : "data-preview.png");
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int crop = args.length > 3 ? Integer.parseInt(args[3]) : 192;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 7;
        SyntheticMotion synthetic = SyntheticMotion.fromTextures(media.resolve("textures"), crop, crop);
        RealTriplets real = RealTriplets.decode(AllowedClips.list(media), crop, crop);
        double[] s = millisPerTriplet(synthetic, 300), r = millisPerTriplet(real, 300);
        log.info("synthetic {}x{} triplet: {} ms wall, {} ms CPU on average", crop, crop, String.format("%.2f", s[0]), String.format("%.2f", s[1]));
        log.info("real {}x{} triplet: {} ms wall, {} ms CPU on average", crop, crop, String.format("%.2f", r[0]), String.format("%.2f", r[1]));
        Random rng = new Random(seed);
        List<Triplet> triplets = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            boolean isReal = i >= (rows + 1) / 2;
            triplets.add((isReal ? real : synthetic).next(rng));
            labels.add((isReal ? "real" : "synthetic") + String.format(", tau %.2f", triplets.get(i).tau()));
        }
        write(triplets, labels, out);
        log.info("wrote {} triplets to {}", rows, out.toAbsolutePath());
    }

    /**
     * Average milliseconds to make one triplet after a warm-up, as {wall, cpu}: on a shared
     * machine the thread's CPU time is the steadier number. For reports, never asserted.
     */
    static double[] millisPerTriplet(TripletSource source, int count) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Random rng = new Random(1);
        for (int i = 0; i < count / 3; i++) source.next(rng); // let the JIT compile the loops
        long wall = System.nanoTime(), cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < count; i++) source.next(rng);
        return new double[] {(System.nanoTime() - wall) / 1e6 / count, (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / count};
    }

    /** Writes the grid as a PNG; {@code labels} is parallel to {@code triplets}. */
    public static void write(List<Triplet> triplets, List<String> labels, Path png) {
        try {
            if (png.toAbsolutePath().getParent() != null) Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(grid(triplets, labels), "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    public static BufferedImage grid(List<Triplet> triplets, List<String> labels) {
        int cellW = triplets.stream().mapToInt(Triplet::width).max().orElse(1);
        int cellH = triplets.stream().mapToInt(Triplet::height).max().orElse(1);
        BufferedImage image = new BufferedImage(4 * cellW + 5 * GAP, LABEL + triplets.size() * (cellH + LABEL + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.WHITE);
        String[] headers = {"frame 0", "middle (tau)", "frame 1", "|f1 - f0| x2"};
        for (int c = 0; c < 4; c++) g.drawString(headers[c], GAP + c * (cellW + GAP), LABEL - 3);
        for (int r = 0; r < triplets.size(); r++) {
            Triplet t = triplets.get(r);
            int top = LABEL + GAP + r * (cellH + LABEL + GAP);
            g.drawString(labels.get(r), GAP, top + LABEL - 3);
            float[] diff = new float[t.frame0().length];
            for (int i = 0; i < diff.length; i++) diff[i] = Math.min(1, 2 * Math.abs(t.frame1()[i] - t.frame0()[i]));
            float[][] cells = {t.frame0(), t.middle(), t.frame1(), diff};
            for (int c = 0; c < 4; c++) paint(image, cells[c], t.width(), t.height(), GAP + c * (cellW + GAP), top + LABEL);
        }
        g.dispose();
        return image;
    }

    private static void paint(BufferedImage image, float[] chw, int w, int h, int left, int top) {
        int plane = w * h;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                image.setRGB(left + x, top + y, toByte(chw[p]) << 16 | toByte(chw[plane + p]) << 8 | toByte(chw[2 * plane + p]));
            }
    }

    private static int toByte(float v) { return Math.max(0, Math.min(255, Math.round(v * 255))); }
}
