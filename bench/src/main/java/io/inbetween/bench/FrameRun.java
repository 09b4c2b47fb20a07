package io.inbetween.bench;

/**
 * Consecutive frames of one clip that the benchmark scores.
 *
 * @param clip  file name under the media folder's {@code videos/}
 * @param first index of the first frame, in decode order from 0 (as {@code ffprobe -count_frames} counts)
 * @param count number of frames
 */
public record FrameRun(String clip, int first, int count) {
    public FrameRun {
        if (clip == null || clip.isBlank() || clip.contains(":")) throw new IllegalArgumentException("bad clip name '" + clip + "'");
        if (first < 0 || count < 3) throw new IllegalArgumentException("run " + clip + " [" + first + ", +" + count + ") is too short");
    }

    /** The name shown in tables: the file name without its extension. */
    public String name() {
        int dot = clip.lastIndexOf('.');
        return dot > 0 ? clip.substring(0, dot) : clip;
    }

    public int last() { return first + count - 1; }

    /** "clip:first:count", how a run is handed to a method's JVM. */
    public String argument() { return clip + ":" + first + ":" + count; }

    public static FrameRun parse(String argument) {
        String[] p = argument.split(":");
        if (p.length != 3) throw new IllegalArgumentException("a frame run is clip:first:count, got '" + argument + "'");
        return new FrameRun(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }
}
