package io.inbetween.model.crvd;

import ai.djl.ndarray.NDArray;

/**
 * Lossless 2x2 space-to-depth and back: N,C,H,W to N,4C,H/2,W/2, with channel c*4 + dy*2 + dx
 * holding pixel (2y+dy, 2x+dx) of channel c. The denoiser works on folded frames so that none of
 * its layers runs at full resolution, yet no pixel detail is lost. {@link PixelComposer} writes
 * and reads the same layout directly.
 */
public final class SpaceToDepth {
    private SpaceToDepth() {}

    public static NDArray fold(NDArray x) {
        long n = x.getShape().get(0), c = x.getShape().get(1), h = x.getShape().get(2), w = x.getShape().get(3);
        return x.reshape(n, c, h / 2, 2, w / 2, 2).transpose(0, 1, 3, 5, 2, 4).reshape(n, c * 4, h / 2, w / 2);
    }

    public static NDArray unfold(NDArray x) {
        long n = x.getShape().get(0), c = x.getShape().get(1) / 4, h = x.getShape().get(2), w = x.getShape().get(3);
        return x.reshape(n, c, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * 2, w * 2);
    }
}
