package io.inbetween.model.crvd;

import ai.djl.ndarray.NDArray;

/**
 * The full-resolution end of the mu-network as differentiable tensor ops (training): upsample
 * the flow field, warp both frames, blend them with the mask. {@link PixelComposer} computes the
 * same thing in fused Java loops for serving.
 */
public final class WarpBlend {
    private WarpBlend() {}

    /** Both frames at 1/scale size (scale 2 or 4) as one N6HW tensor, by 2x2 average poolings: the mu-network's input. */
    public static NDArray pooled(NDArray i0, NDArray i1, int scale) {
        return pooled(i0.concat(i1, 1), scale);
    }

    /** An NCHW tensor at 1/scale size (a power of two) by 2x2 average poolings. */
    public static NDArray pooled(NDArray x, int scale) {
        for (int s = scale; s > 1; s /= 2) x = Resampling.down2(x);
        return x;
    }

    /** @param i0 N3HW padded full-size frame 0; {@code i1} likewise */
    public static MuEstimate compose(NDArray i0, NDArray i1, FlowField field) {
        long h = i0.getShape().get(2), w = i0.getShape().get(3);
        NDArray flows = Resampling.resizeFlow(field.flow(), h, w);
        NDArray mask = Resampling.resize(field.mask(), h, w);
        NDArray warped = MuNetwork.warpBoth(i0.concat(i1, 1), flows);
        NDArray w0 = warped.get(":, 0:3"), w1 = warped.get(":, 3:6");
        return new MuEstimate(blend(w0, w1, mask), flows, mask, w0, w1);
    }

    static NDArray blend(NDArray w0, NDArray w1, NDArray mask) {
        return w0.sub(w1).mul(mask).add(w1);
    }
}
