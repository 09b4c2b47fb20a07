package io.inbetween.model.crvd;

import ai.djl.ndarray.NDArray;

/**
 * The deterministic estimate of the middle frame and what it was made from, all NCHW at the
 * padded full resolution.
 *
 * @param mu      m * warp(I0, F_tau->0) + (1 - m) * warp(I1, F_tau->1)
 * @param flows   4 channels: F_tau->0 (x, y) and F_tau->1 (x, y), in pixels
 * @param mask    blend weight m of frame 0, in (0,1)
 * @param warped0 frame 0 warped to tau
 * @param warped1 frame 1 warped to tau
 */
public record MuEstimate(NDArray mu, NDArray flows, NDArray mask, NDArray warped0, NDArray warped1) {}
