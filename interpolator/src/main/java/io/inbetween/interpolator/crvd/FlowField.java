package io.inbetween.interpolator.crvd;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * What the mu-network estimates, at 1/4 of the padded frame size.
 *
 * @param flow     N4HW: F_tau->0 (x, y) and F_tau->1 (x, y), in pixels of the 1/4-size grid
 * @param logit    N1HW: blend-mask logit
 * @param levelMus when training: each level's blend at its own resolution (1/16, 1/8, 1/4), for the multi-scale loss
 */
public record FlowField(NDArray flow, NDArray logit, List<NDArray> levelMus) {
    /** The flow field's resolution relative to the frame. */
    public static final int SCALE = 4;

    /** The blend weight m of warped frame 0, in (0,1), still at 1/4 size (it is upsampled after the sigmoid). */
    public NDArray mask() { return logit.getNDArrayInternal().sigmoid(); }
}
