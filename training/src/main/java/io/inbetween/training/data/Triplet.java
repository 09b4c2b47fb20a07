package io.inbetween.training.data;

/**
 * One training or validation example: two frames and the frame between them at time tau.
 * Frames are CHW planar RGB floats in [0,1] (all R, then all G, then all B), width*height*3 values each.
 *
 * @param tau where {@code middle} lies between {@code frame0} (0) and {@code frame1} (1), in (0,1)
 */
public record Triplet(int width, int height, float[] frame0, float[] middle, float[] frame1, float tau) {

    public Triplet {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("triplet size must be positive: " + width + "x" + height);
        int values = width * height * 3;
        if (frame0.length != values || middle.length != values || frame1.length != values)
            throw new IllegalArgumentException("a " + width + "x" + height + " triplet needs " + values + " floats per frame, got "
                    + frame0.length + "/" + middle.length + "/" + frame1.length);
        if (!(tau > 0 && tau < 1)) throw new IllegalArgumentException("tau must lie in (0,1), got " + tau);
    }

    /** The same motion played backwards: the ends swap and the middle sits at 1 - tau. */
    public Triplet timeReversed() {
        return new Triplet(width, height, frame1, middle, frame0, 1 - tau);
    }

    /** Mirrored left to right (new arrays). */
    public Triplet flippedHorizontally() {
        return new Triplet(width, height, mirror(frame0, true), mirror(middle, true), mirror(frame1, true), tau);
    }

    /** Mirrored top to bottom (new arrays). */
    public Triplet flippedVertically() {
        return new Triplet(width, height, mirror(frame0, false), mirror(middle, false), mirror(frame1, false), tau);
    }

    private float[] mirror(float[] frame, boolean horizontally) {
        float[] out = new float[frame.length];
        for (int row = 0, rows = height * 3; row < rows; row++) { // a plane row: channel * height + y
            int from = row * width;
            if (horizontally) {
                for (int x = 0; x < width; x++) out[from + x] = frame[from + width - 1 - x];
            } else {
                int channel = row / height, y = row % height;
                System.arraycopy(frame, (channel * height + height - 1 - y) * width, out, from, width);
            }
        }
        return out;
    }

    @Override public String toString() { return "Triplet[" + width + "x" + height + ", tau=" + tau + "]"; }
}
