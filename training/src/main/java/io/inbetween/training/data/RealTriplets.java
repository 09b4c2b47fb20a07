package io.inbetween.training.data;

import io.inbetween.wire.RgbFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random crops of real frame triplets from the training windows of decoded clips: 2x windows
 * (i, i+1, i+2) and 4x windows (i, i+k, i+4), half of each when a clip has both, and in
 * {@link #WIDE_SHARE} of draws a wide window ({@link HeldOut#WIDE_SPANS}) for large motion. Held-out and
 * guard frames ({@link HeldOut}) and unusable windows ({@link WindowContent}) never appear.
 * Clips smaller than the crop are scaled up (bilinear); every crop is scaled by a random 1..1.25.
 * A crop whose ends are the same (a still corner of a moving window) is drawn again.
 */
final class RealTriplets implements TripletSource {
    private static final Logger log = LoggerFactory.getLogger(RealTriplets.class);
    private static final double MAX_EXTRA_ZOOM = 0.25;
    /** Draws before a crop without motion is accepted anyway (a clip may be still almost everywhere). */
    private static final int MAX_ATTEMPTS = 8;

    /** Share of draws from wide windows, where a clip has them. */
    static final double WIDE_SHARE = 0.3;

    private record ClipWindows(DecodedClip clip, List<ClipWindow> twoX, List<ClipWindow> fourX, List<ClipWindow> wide) {
        int size() { return twoX.size() + fourX.size() + wide.size(); }
    }

    private final List<ClipWindows> clips;
    private final double[] cumulativeWeight;
    private final int width;
    private final int height;
    private final int windowCount;

    RealTriplets(List<DecodedClip> decoded, int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("crop size must be positive: " + width + "x" + height);
        this.width = width;
        this.height = height;
        List<ClipWindows> usable = new ArrayList<>();
        int count = 0;
        for (DecodedClip clip : decoded) {
            WindowContent content = new WindowContent(clip);
            List<ClipWindow> twoX = new ArrayList<>(), fourX = new ArrayList<>(), wide = new ArrayList<>();
            for (ClipWindow w : HeldOut.trainingWindows(clip.name(), clip.frameCount())) {
                if (!content.usable(w)) continue;
                int span = w.last() - w.first();
                (span == 2 ? twoX : span == 4 ? fourX : wide).add(w);
            }
            log.debug("{}: {} 2x, {} 4x and {} wide training windows", clip, twoX.size(), fourX.size(), wide.size());
            if (twoX.isEmpty() && fourX.isEmpty()) continue;
            ClipWindows windows = new ClipWindows(clip, List.copyOf(twoX), List.copyOf(fourX), List.copyOf(wide));
            usable.add(windows);
            count += windows.size();
        }
        if (usable.isEmpty()) throw new IllegalArgumentException("no usable training windows in " + decoded.size() + " clips");
        this.clips = List.copyOf(usable);
        this.windowCount = count;
        // Weight by the square root of the window count: long clips give more, tiny ones are not drowned out.
        cumulativeWeight = new double[clips.size()];
        double total = 0;
        for (int i = 0; i < clips.size(); i++) {
            total += Math.sqrt(clips.get(i).size());
            cumulativeWeight[i] = total;
        }
        log.info("real triplets: {} training windows from {} clips, {}x{} crops", windowCount, clips.size(), width, height);
    }

    static RealTriplets decode(List<Path> files, int width, int height) {
        List<DecodedClip> decoded = new ArrayList<>();
        for (Path file : files) decoded.add(DecodedClip.decode(file));
        return new RealTriplets(decoded, width, height);
    }

    int windowCount() { return windowCount; }

    /** Every training window used, for checking the split. */
    List<ClipWindow> windows() {
        List<ClipWindow> all = new ArrayList<>();
        for (ClipWindows c : clips) { all.addAll(c.twoX()); all.addAll(c.fourX()); all.addAll(c.wide()); }
        return all;
    }

    @Override public Triplet next(Random rng) {
        for (int attempt = 1; ; attempt++) {
            ClipWindows chosen = clips.get(pickClip(rng.nextDouble() * cumulativeWeight[cumulativeWeight.length - 1]));
            List<ClipWindow> kind = !chosen.wide().isEmpty() && rng.nextDouble() < WIDE_SHARE ? chosen.wide()
                    : chosen.twoX().isEmpty() || (!chosen.fourX().isEmpty() && rng.nextBoolean()) ? chosen.fourX() : chosen.twoX();
            Triplet triplet = crop(chosen.clip(), kind.get(rng.nextInt(kind.size())), rng);
            // A window moves somewhere, but a crop of it may show only still (or black) parts: draw again.
            if (attempt == MAX_ATTEMPTS || moves(triplet)) return triplet;
        }
    }

    private static boolean moves(Triplet t) {
        float[] a = t.frame0(), b = t.frame1();
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
        return sum / a.length >= WindowContent.FROZEN;
    }

    private int pickClip(double point) {
        for (int i = 0; i < cumulativeWeight.length; i++) if (point < cumulativeWeight[i]) return i;
        return cumulativeWeight.length - 1;
    }

    /** One random crop of a window: the same scale and position in all three frames. */
    Triplet crop(DecodedClip clip, ClipWindow window, Random rng) {
        double fit = Math.max(1, Math.max((double) width / clip.width(), (double) height / clip.height()));
        double scale = fit * (1 + MAX_EXTRA_ZOOM * rng.nextDouble());
        double left = rng.nextDouble() * (clip.width() - width / scale);
        double top = rng.nextDouble() * (clip.height() - height / scale);
        return new Triplet(width, height, sample(clip.frame(window.first()), scale, left, top),
                sample(clip.frame(window.middle()), scale, left, top), sample(clip.frame(window.last()), scale, left, top), window.tau());
    }

    private float[] sample(RgbFrame frame, double scale, double left, double top) {
        return FrameSampler.crop(frame, scale, left, top, width, height);
    }

    @Override public String describe() {
        return "real: " + windowCount + " training windows (2x, 4x and wide) from " + clips.size() + " clips, " + width + "x" + height + " crops";
    }
}
