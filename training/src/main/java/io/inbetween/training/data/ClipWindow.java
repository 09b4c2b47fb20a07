package io.inbetween.training.data;

/**
 * Three frames of one clip, by index: the ends {@code first} and {@code last} and the frame
 * {@code middle} a model should synthesize between them, at tau = (middle-first)/(last-first).
 * (i, i+1, i+2) is a 2x window at tau 0.5; (i, i+k, i+4) a 4x window at tau k/4.
 */
public record ClipWindow(String clip, int first, int middle, int last) {

    public ClipWindow {
        if (!(0 <= first && first < middle && middle < last))
            throw new IllegalArgumentException("a window needs 0 <= first < middle < last, got " + first + "/" + middle + "/" + last + " in " + clip);
    }

    public float tau() { return (float) (middle - first) / (last - first); }

    @Override public String toString() { return clip + "[" + first + "," + middle + "," + last + "]"; }
}
