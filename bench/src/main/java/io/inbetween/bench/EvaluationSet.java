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
    private record Pick(String clip, int from) {}

    private static final List<Pick> PICKS = List.of(
            new Pick("mecavideo-Effet_force_magnetique.ogv", 2), // live action 400x304, two pucks; held out whole, frames 0-1 are a title card
            new Pick("planetblupi-play113.mkv", 1),              // cartoon 320x240, held out whole; frame 1 repeats frame 0
            new Pick("gem-anim-1.mov", 0),                       // rendered 3D 256x256, a turning teapot
            new Pick("kphotoalbum-movie.avi", 0),                // webcam 160x120, a talking face
            new Pick("planetblupi-history2.mkv", 0),             // cartoon 320x240, a pan
            new Pick("planetblupi-play101.mkv", 0),              // cartoon 320x240, a character walking in
            new Pick("mecavideo-Principe_inertie.avi", 0));      // live action 400x300, a puck; only 6 frames held out

    private EvaluationSet() {}

    /** Every pick, up to {@link #FULL_FRAMES} frames each. */
    public static List<FrameRun> full(Path mediaDir) { return runs(mediaDir, PICKS, FULL_FRAMES); }

    /** The first three picks, {@link #QUICK_FRAMES} frames each. */
    public static List<FrameRun> quick(Path mediaDir) { return runs(mediaDir, PICKS.subList(0, 3), QUICK_FRAMES); }

    private static List<FrameRun> runs(Path mediaDir, List<Pick> picks, int maxFrames) {
        List<FrameRun> runs = new ArrayList<>();
        for (Pick p : picks) {
            if (!AllowedClips.isAllowed(p.clip())) throw new IllegalStateException(p.clip() + " is not a training-allowed clip");
            Path file = mediaDir.resolve("videos").resolve(p.clip());
            runs.add(run(p.clip(), p.from(), ClipDecoder.countFrames(file), maxFrames));
        }
        return runs;
    }

    /** The held-out block of a clip of {@code frameCount} frames, from {@code from} on, at most {@code maxFrames} long. */
    static FrameRun run(String clip, int from, int frameCount, int maxFrames) {
        HeldOut.Block block = HeldOut.block(clip, frameCount);
        int first = Math.max(block.first(), from);
        int count = Math.min(block.end() - first, maxFrames);
        if (count < 3) throw new IllegalStateException(clip + " has only " + Math.max(0, count) + " held-out frames from frame " + from);
        return new FrameRun(clip, first, count);
    }
}
