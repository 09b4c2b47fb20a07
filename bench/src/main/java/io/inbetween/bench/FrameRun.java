package io.inbetween.bench;

/**
 * Frames of one clip that the benchmark scores: {@code count} frames from {@code first}, every
 * {@code stride}-th one. A stride above 1 subsamples time, so that the same real footage moves
 * farther between frames (the large-motion group).
 *
 * @param clip   file name under the media folder's {@code videos/}
 * @param first  index of the first frame, in decode order from 0 (as {@code ffprobe -count_frames} counts)
 * @param count  number of frames kept
 * @param stride source frames from one kept frame to the next
 */
public record FrameRun(String clip, int first, int count, int stride) {
    public FrameRun {
        if (clip == null || clip.isBlank() || clip.contains(":")) throw new IllegalArgumentException("bad clip name '" + clip + "'");
        if (first < 0 || count < 3) throw new IllegalArgumentException("run " + clip + " [" + first + ", +" + count + ") is too short");
        if (stride < 1) throw new IllegalArgumentException("run " + clip + ": stride must be at least 1, got " + stride);
    }

    public FrameRun(String clip, int first, int count) { this(clip, first, count, 1); }

    /** The name shown in tables: the file name without its extension, and the stride when there is one. */
    public String name() {
        int dot = clip.lastIndexOf('.');
        String base = dot > 0 ? clip.substring(0, dot) : clip;
        return stride == 1 ? base : base + " 1 in " + stride;
    }

    /** The last source frame kept. */
    public int last() { return first + stride * (count - 1); }

    /** "clip:first:count:stride", how a run is handed to a method's JVM. */
    public String argument() { return clip + ":" + first + ":" + count + ":" + stride; }

    public static FrameRun parse(String argument) {
        String[] p = argument.split(":");
        if (p.length != 3 && p.length != 4)
            throw new IllegalArgumentException("a frame run is clip:first:count[:stride], got '" + argument + "'");
        return new FrameRun(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]), p.length == 4 ? Integer.parseInt(p[3]) : 1);
    }
}
