package io.inbetween.bench;

import io.inbetween.training.data.AllowedClips;
import io.inbetween.training.data.HeldOut;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which frames the benchmark scores: runs of held-out frames from training-allowed clips. The
 * split itself is {@link HeldOut}'s, the one definition training uses too; this class only picks
 * clips for variety and skips held-out frames that hold no motion to interpolate.
 */
public final class EvaluationSet {
    /** Longest run per clip in a full run: 2x has 12 gaps (12 truths), 4x has 6 gaps (18 truths). */
    static final int FULL_FRAMES = 25;
    /** Longest run per clip in a quick run: 2x has 4 gaps, 4x has 2. */
    static final int QUICK_FRAMES = 9;

    /**
     * @param from first frame worth scoring: whole-clip hold-outs open on a title card or a
     *             repeated frame (a cut or a freeze, not motion); 0 = the held-out block's start
     */
    private record Pick(String clip, int from, int stride) {
        Pick(String clip, int from) { this(clip, from, 1); }
    }

    private static final List<Pick> PICKS = List.of(
            new Pick("mecavideo-Effet_force_magnetique.ogv", 2), // live action 400x304, two pucks; held out whole, frames 0-1 are a title card
            new Pick("planetblupi-play113.mkv", 1),              // cartoon 320x240, held out whole; frame 1 repeats frame 0
            new Pick("gem-anim-1.mov", 0),                       // rendered 3D 256x256, a turning teapot
            new Pick("kphotoalbum-movie.avi", 0),                // webcam 160x120, a talking face
            new Pick("planetblupi-history2.mkv", 0),             // cartoon 320x240, a pan
            new Pick("planetblupi-play101.mkv", 0),              // cartoon 320x240, a character walking in
            new Pick("mecavideo-Principe_inertie.avi", 0));      // live action 400x300, a puck; only 6 frames held out

    /**
     * The large-motion group: held-out windows whose median motion between the inputs of the 2x
     * task at 480p is {@link #LARGE_MOTION_PX} or more ({@link MotionMeter}, over moving blocks),
     * the slower footage subsampled in time. Measured medians in the comments.
     */
    static final double LARGE_MOTION_PX = 20;
    private static final List<Pick> LARGE_MOTION = List.of(
            new Pick("mecavideo-Effet_force_magnetique.ogv", 2, 1), // camera, two pucks crossing: 26 px
            new Pick("mecavideo-Effet_force_magnetique.ogv", 2, 2), // the same, 1 in 2: 52 px
            new Pick("mecavideo-Principe_inertie.avi", 0, 1),       // camera, a fast puck: 42 px (6 held-out frames)
            new Pick("mecavideo-g1.avi", 0, 1),                     // camera, a falling ball: 57 px (5 held-out frames)
            new Pick("gem-anim-1.mov", 0, 2),                       // rendered teapot turning, 1 in 2: 35 px
            new Pick("gem-homer.avi", 0, 1),                        // animation: 32 px
            new Pick("planetblupi-history2.mkv", 0, 2),             // cartoon pan, 1 in 2: 27 px
            new Pick("planetblupi-play113.mkv", 1, 3),              // cartoon held out whole, 1 in 3: 31 px
            new Pick("planetblupi-play107.mkv", 0, 1),              // cartoon, characters running: 39 px
            new Pick("planetblupi-win005.mkv", 0, 2));              // cartoon, 1 in 2: 41 px

    private EvaluationSet() {}

    /** Every pick, up to {@link #FULL_FRAMES} frames each. */
    public static List<FrameRun> full(Path mediaDir) { return runs(mediaDir, PICKS, FULL_FRAMES); }

    /** The first three picks, {@link #QUICK_FRAMES} frames each. */
    public static List<FrameRun> quick(Path mediaDir) { return runs(mediaDir, PICKS.subList(0, 3), QUICK_FRAMES); }

    /** The large-motion group, up to {@link #FULL_FRAMES} frames each (after subsampling). */
    public static List<FrameRun> largeMotion(Path mediaDir) { return runs(mediaDir, LARGE_MOTION, FULL_FRAMES); }

    private static List<FrameRun> runs(Path mediaDir, List<Pick> picks, int maxFrames) {
        List<FrameRun> runs = new ArrayList<>();
        for (Pick p : picks) {
            if (!AllowedClips.isAllowed(p.clip())) throw new IllegalStateException(p.clip() + " is not a training-allowed clip");
            Path file = mediaDir.resolve("videos").resolve(p.clip());
            runs.add(run(p.clip(), p.from(), p.stride(), ClipDecoder.countFrames(file), maxFrames));
        }
        return runs;
    }

    /** The held-out block of a clip of {@code frameCount} frames, from {@code from} on, at most {@code maxFrames} long. */
    static FrameRun run(String clip, int from, int frameCount, int maxFrames) { return run(clip, from, 1, frameCount, maxFrames); }

    /** The same, keeping every {@code stride}-th frame: at most {@code maxFrames} kept frames. */
    static FrameRun run(String clip, int from, int stride, int frameCount, int maxFrames) {
        HeldOut.Block block = HeldOut.block(clip, frameCount);
        int first = Math.max(block.first(), from);
        int available = block.end() - first <= 0 ? 0 : (block.end() - first - 1) / stride + 1;
        int count = Math.min(available, maxFrames);
        if (count < 3) throw new IllegalStateException(clip + " has only " + count + " held-out frames from frame " + from
                + (stride == 1 ? "" : " at 1 in " + stride));
        return new FrameRun(clip, first, count, stride);
    }
}
