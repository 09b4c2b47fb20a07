package io.inbetween.model.crvd;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * What the mu-network estimates, at 1/{@link CrvdConfig#fieldScale()} of the padded frame size
 * (1/2 with the 1/2-scale level, 1/4 without).
 *
 * @param flow     N4HW: F_tau->0 (x, y) and F_tau->1 (x, y), in pixels of the field's grid
 * @param logit    N1HW: blend-mask logit
 * @param levelMus when training: each level's blend at its own resolution (coarsest first), for the multi-scale loss
 */
public record FlowField(NDArray flow, NDArray logit, List<NDArray> levelMus) {
    /** The blend weight m of warped frame 0, in (0,1), still at the field's size (it is upsampled after the sigmoid). */
    public NDArray mask() { return logit.getNDArrayInternal().sigmoid(); }
}
