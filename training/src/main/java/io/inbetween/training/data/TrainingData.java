package io.inbetween.training.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the interpolation model's triplets come from: synthetic layered motion over real photo
 * textures ({@link SyntheticMotion}), real frame triplets from the allowed clips
 * ({@link AllowedClips}) and any folders of videos a user adds, and the held-out validation
 * triplets ({@link HeldOut}). See docs/media.md for the packages, licences and the split.
 */
public final class TrainingData {
    private static final Logger log = LoggerFactory.getLogger(TrainingData.class);

    private TrainingData() {}

    /**
     * Synthetic motion mixed with real triplets from the allowed clips (training windows only).
     * Every triplet is {@code cropWidth}x{@code cropHeight}, flipped and time-reversed at random.
     *
     * @param mediaDir       the folder {@code scripts/fetch-media.sh all} fills (videos/ and textures/)
     * @param extraVideoDirs folders of the user's own videos, split like the allowed clips
     * @param realFraction   the share of real triplets, 0 (synthetic only) to 1 (real only)
     */
    public static TripletSource mixed(Path mediaDir, List<Path> extraVideoDirs, int cropWidth, int cropHeight, double realFraction) {
        if (!(realFraction >= 0 && realFraction <= 1)) throw new IllegalArgumentException("realFraction must lie in [0,1], got " + realFraction);
        checkCrop(cropWidth, cropHeight);
        if (realFraction == 0) return synthetic(mediaDir, cropWidth, cropHeight);
        if (realFraction == 1) return real(mediaDir, extraVideoDirs, cropWidth, cropHeight);
        TripletSource source = new Augmented(new Mixed(SyntheticMotion.fromTextures(mediaDir.resolve("textures"), cropWidth, cropHeight),
                realClips(mediaDir, extraVideoDirs, cropWidth, cropHeight), realFraction));
        log.info("training data: {}", source.describe());
        return source;
    }

    /** Synthetic layered motion only, flipped and time-reversed at random. */
    public static TripletSource synthetic(Path mediaDir, int cropWidth, int cropHeight) {
        checkCrop(cropWidth, cropHeight);
        return new Augmented(SyntheticMotion.fromTextures(mediaDir.resolve("textures"), cropWidth, cropHeight));
    }

    /** Real triplets only (training windows of the allowed clips and the extra folders), flipped and time-reversed at random. */
    public static TripletSource real(Path mediaDir, List<Path> extraVideoDirs, int cropWidth, int cropHeight) {
        checkCrop(cropWidth, cropHeight);
        return new Augmented(realClips(mediaDir, extraVideoDirs, cropWidth, cropHeight));
    }

    /**
     * Held-out real triplets (never trained on), deterministic: for validation tables and the
     * benchmark. Whole frames at each clip's own size (160x120 up to 400x304), so a model must
     * accept any size. Clips take turns, so a small {@code maxTriplets} still covers every clip.
     */
    public static List<Triplet> validation(Path mediaDir, int maxTriplets) {
        List<Triplet> triplets = new ArrayList<>();
        for (Validation v : validationSet(mediaDir, maxTriplets)) triplets.add(v.triplet());
        return triplets;
    }

    /** The windows {@link #validation} returns, in the same order: which clip and frames each triplet is. */
    public static List<ClipWindow> validationWindows(Path mediaDir, int maxTriplets) {
        List<ClipWindow> windows = new ArrayList<>();
        for (Validation v : validationSet(mediaDir, maxTriplets)) windows.add(v.window());
        return windows;
    }

    private record Validation(ClipWindow window, Triplet triplet) {}

    private static List<Validation> validationSet(Path mediaDir, int maxTriplets) {
        if (maxTriplets <= 0) throw new IllegalArgumentException("maxTriplets must be positive, got " + maxTriplets);
        List<DecodedClip> clips = new ArrayList<>();
        List<List<ClipWindow>> perClip = new ArrayList<>();
        for (Path file : HeldOut.clips(mediaDir)) {
            DecodedClip clip = DecodedClip.decode(file);
            WindowContent content = new WindowContent(clip);
            List<ClipWindow> usable = HeldOut.candidateWindows(clip.name(), clip.frameCount()).stream().filter(content::usable).toList();
            if (usable.isEmpty()) continue;
            clips.add(clip);
            perClip.add(alternateSpans(usable));
        }
        List<Validation> chosen = new ArrayList<>();
        for (int round = 0; chosen.size() < maxTriplets; round++) {
            boolean any = false;
            for (int c = 0; c < clips.size() && chosen.size() < maxTriplets; c++) {
                if (round >= perClip.get(c).size()) continue;
                ClipWindow w = perClip.get(c).get(round);
                DecodedClip clip = clips.get(c);
                chosen.add(new Validation(w, new Triplet(clip.width(), clip.height(), FrameSampler.planar(clip.frame(w.first())),
                        FrameSampler.planar(clip.frame(w.middle())), FrameSampler.planar(clip.frame(w.last())), w.tau())));
                any = true;
            }
            if (!any) break;
        }
        log.info("validation: {} held-out triplets from {} clips", chosen.size(), clips.size());
        return chosen;
    }

    /** 2x and 4x windows taking turns, so the first few of a clip include both. */
    private static List<ClipWindow> alternateSpans(List<ClipWindow> windows) {
        List<ClipWindow> twoX = windows.stream().filter(w -> w.last() - w.first() == 2).toList();
        List<ClipWindow> fourX = windows.stream().filter(w -> w.last() - w.first() == 4).toList();
        List<ClipWindow> out = new ArrayList<>();
        for (int i = 0; i < Math.max(twoX.size(), fourX.size()); i++) {
            if (i < twoX.size()) out.add(twoX.get(i));
            if (i < fourX.size()) out.add(fourX.get(i));
        }
        return out;
    }

    private static RealTriplets realClips(Path mediaDir, List<Path> extraVideoDirs, int cropWidth, int cropHeight) {
        List<Path> files = new ArrayList<>(AllowedClips.list(mediaDir));
        for (Path dir : extraVideoDirs) files.addAll(AllowedClips.videosIn(dir));
        return RealTriplets.decode(files, cropWidth, cropHeight);
    }

    private static void checkCrop(int width, int height) {
        if (width < 16 || height < 16) throw new IllegalArgumentException("crop must be at least 16x16, got " + width + "x" + height);
    }
}
