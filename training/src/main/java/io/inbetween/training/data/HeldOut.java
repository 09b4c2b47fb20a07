package io.inbetween.training.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one definition of the validation split, shared by training, validation tables and the
 * benchmark. Frames are numbered as {@link DecodedClip} (and {@code ffprobe -count_frames}) count
 * them; a clip's frame count is the number of frames it decodes to.
 * <ul>
 *   <li>Clips in {@link #WHOLE_CLIPS} are held out entirely: never trained on, a test of new scenes.</li>
 *   <li>Every other clip (user folders included) holds out one contiguous block in its middle:
 *       {@link #BLOCK_FRACTION} of its frames, at least {@link #MIN_BLOCK} so a 4x window fits. The
 *       middle, not the end, because many clips open and close on frozen frames.</li>
 *   <li>{@link #GUARD} frames on each side of a block are used by neither side, so no training
 *       window ends right against a validation frame.</li>
 * </ul>
 * A training window may only span trainable frames; a validation window lies inside a block.
 */
public final class HeldOut {

    /** Clips never trained on: one real-camera clip and one animation. */
    public static final Set<String> WHOLE_CLIPS = Set.of("mecavideo-Effet_force_magnetique.ogv", "planetblupi-play113.mkv");
    public static final double BLOCK_FRACTION = 0.2;
    public static final int MIN_BLOCK = 5;
    public static final int GUARD = 1;

    /** Frames [first, end) of one clip. */
    public record Block(int first, int end) {
        public boolean contains(int frameIndex) { return first <= frameIndex && frameIndex < end; }
        public int length() { return end - first; }
    }

    private HeldOut() {}

    /** The allowed clips, every one of which contributes held-out frames. */
    public static List<Path> clips(Path mediaDir) { return AllowedClips.list(mediaDir); }

    /** The held-out frames of a clip with {@code frameCount} frames. */
    public static Block block(String clipName, int frameCount) {
        if (frameCount <= 0) throw new IllegalArgumentException(clipName + ": frame count must be positive, got " + frameCount);
        if (WHOLE_CLIPS.contains(clipName) || frameCount <= MIN_BLOCK) return new Block(0, frameCount);
        int length = Math.max(MIN_BLOCK, (int) Math.round(frameCount * BLOCK_FRACTION));
        int first = (frameCount - length) / 2;
        return new Block(first, first + length);
    }

    public static boolean isHeldOut(String clipName, int frameIndex, int frameCount) {
        checkIndex(clipName, frameIndex, frameCount);
        return block(clipName, frameCount).contains(frameIndex);
    }

    /** Whether a training window may use this frame: not held out and not in a guard band. */
    public static boolean isTrainable(String clipName, int frameIndex, int frameCount) {
        checkIndex(clipName, frameIndex, frameCount);
        Block block = block(clipName, frameCount);
        return frameIndex < block.first() - GUARD || frameIndex >= block.end() + GUARD;
    }

    /** Whether every frame a window spans is trainable. */
    public static boolean isTrainable(ClipWindow window, int frameCount) {
        for (int i = window.first(); i <= window.last(); i++) if (!isTrainable(window.clip(), i, frameCount)) return false;
        return true;
    }

    /**
     * Every validation window of a clip before content checks, in a fixed order: each 2x window
     * (i, i+1, i+2) inside the block, then 4x windows (i, i+k, i+4) for k = 1, 2, 3 at i = first,
     * first+4, ... ({@link TrainingData#validationWindows} drops frozen ones and cuts).
     */
    public static List<ClipWindow> candidateWindows(String clipName, int frameCount) {
        Block block = block(clipName, frameCount);
        List<ClipWindow> windows = new ArrayList<>();
        for (int i = block.first(); i + 2 < block.end(); i++) windows.add(new ClipWindow(clipName, i, i + 1, i + 2));
        for (int i = block.first(); i + 4 < block.end(); i += 4)
            for (int k = 1; k <= 3; k++) windows.add(new ClipWindow(clipName, i, i + k, i + 4));
        return windows;
    }

    /** Spans of the wide windows: the middle of (i, i+s, i+2s), the clip's own motion subsampled in time. */
    public static final int[] WIDE_SPANS = {6, 8};

    /**
     * Every training window of a clip before content checks, spanning only trainable frames: 2x
     * and 4x windows, and wide windows (i, i+s/2, i+s) for s in {@link #WIDE_SPANS}, which give
     * real footage the large motions of fast action.
     */
    public static List<ClipWindow> trainingWindows(String clipName, int frameCount) {
        List<ClipWindow> windows = new ArrayList<>();
        for (int span : new int[] {2, 4})
            for (int i = 0; i + span < frameCount; i++)
                for (int k = 1; k < span; k++) { // span 2: k = 1 only
                    ClipWindow window = new ClipWindow(clipName, i, i + k, i + span);
                    if (isTrainable(window, frameCount)) windows.add(window);
                }
        for (int span : WIDE_SPANS)
            for (int i = 0; i + span < frameCount; i++) {
                ClipWindow window = new ClipWindow(clipName, i, i + span / 2, i + span);
                if (isTrainable(window, frameCount)) windows.add(window);
            }
        return windows;
    }

    private static void checkIndex(String clipName, int frameIndex, int frameCount) {
        if (frameIndex < 0 || frameIndex >= frameCount)
            throw new IllegalArgumentException(clipName + ": frame " + frameIndex + " outside 0.." + (frameCount - 1));
    }
}
