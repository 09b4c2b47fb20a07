package io.inbetween.model.crvd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Resolution changes of NCHW tensors. PyTorch's bilinear interpolation stands in for transposed convolutions, which DJL lacks. */
final class Resampling {
    private static final int BILINEAR = 1;
    private static final Shape TWO = new Shape(2, 2);
    private static final Shape NONE = new Shape(0, 0);

    private Resampling() {}

    /** Bilinear resize to height x width (align_corners=false, so half-pixel centres line up across scales). */
    static NDArray resize(NDArray x, long height, long width) {
        Shape s = x.getShape();
        if (s.get(2) == height && s.get(3) == width) return x;
        return x.getNDArrayInternal().interpolation(new long[] {height, width}, BILINEAR, false);
    }

    /** Twice the size, bilinear. */
    static NDArray up2(NDArray x) {
        Shape s = x.getShape();
        return resize(x, s.get(2) * 2, s.get(3) * 2);
    }

    /** Half the size by 2x2 averaging. */
    static NDArray down2(NDArray x) {
        return x.getNDArrayInternal().avgPool(TWO, TWO, NONE, false, true);
    }

    /** A flow field resized to another resolution, its vectors rescaled to the new pixel size. */
    static NDArray resizeFlow(NDArray flow, long height, long width) {
        long h = flow.getShape().get(2);
        if (h == height) return flow;
        return resize(flow, height, width).muli((float) height / h);
    }
}
