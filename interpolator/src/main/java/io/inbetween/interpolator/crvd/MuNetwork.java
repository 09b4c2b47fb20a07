package io.inbetween.interpolator.crvd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic mu-network: coarse-to-fine estimation of the intermediate bidirectional
 * flows and the occlusion/blend mask at input scales 1/16, 1/8 and 1/4 (large motion is found
 * at low resolution). It sees only the 1/4-size frames; the full-resolution warp and blend that
 * turn its {@link FlowField} into mu are {@link WarpBlend} (differentiable, for training) and
 * {@link PixelComposer} (fused Java loops, for serving).
 */
public final class MuNetwork extends SizedBlock {
    /** Flow values are scaled down before they are fed back in, to keep activations near unit size. */
    private static final float FLOW_INPUT_SCALE = 0.1f;
    private static final int[] LEVEL_SCALES = {16, 8, 4};

    private final FlowLevel[] levels;

    MuNetwork(CrvdConfig config) {
        levels = new FlowLevel[] {
                addChildBlock("level16", new FlowLevel(7, config.muCoarse(), config.muDepth())),
                addChildBlock("level8", new FlowLevel(18, config.muMiddle(), config.muDepth())),
                addChildBlock("level4", new FlowLevel(18, config.muFine(), config.muDepth()))};
    }

    /**
     * Estimates flows and mask coarse to fine.
     *
     * @param quarter both frames at 1/4 of the padded size, N6HW (frame 0 in channels 0-2), in [0,1]
     * @param tau     N111
     */
    public FlowField estimate(ParameterStore store, NDArray quarter, NDArray tau, boolean training) {
        Shape s = quarter.getShape();
        long n = s.get(0), h = s.get(2), w = s.get(3);
        if (h % (CrvdConfig.STRIDE / FlowField.SCALE) != 0 || w % (CrvdConfig.STRIDE / FlowField.SCALE) != 0)
            throw new IllegalArgumentException("quarter-size frame " + w + "x" + h + " is not padded to a multiple of "
                    + CrvdConfig.STRIDE / FlowField.SCALE);
        NDArray eighth = Resampling.down2(quarter);
        NDArray[] pyramid = {Resampling.down2(eighth), eighth, quarter};
        NDArray flow = null, logit = null;
        List<NDArray> levelMus = new ArrayList<>();
        for (int l = 0; l < levels.length; l++) {
            NDArray frames = pyramid[l];
            long lh = frames.getShape().get(2), lw = frames.getShape().get(3);
            NDArray tauMap = tau.broadcast(n, 1, lh, lw);
            NDArray input;
            if (flow == null) {
                input = NDArrays.concat(new NDList(frames, tauMap), 1);
            } else {
                flow = Resampling.resizeFlow(flow, lh, lw);
                logit = Resampling.resize(logit, lh, lw);
                NDArray warped = warpBoth(frames, flow);
                input = NDArrays.concat(new NDList(frames, warped, flow.mul(FLOW_INPUT_SCALE), logit, tauMap), 1);
            }
            NDArray out = levels[l].apply(store, input, training);
            if (flow == null) {
                flow = out.get(":, 0:4");
                logit = out.get(":, 4:5");
            } else {
                flow = flow.add(out.get(":, 0:4"));
                logit = logit.add(out.get(":, 4:5"));
            }
            if (training) {
                NDArray warped = warpBoth(frames, flow);
                levelMus.add(WarpBlend.blend(warped.get(":, 0:3"), warped.get(":, 3:6"), logit.getNDArrayInternal().sigmoid()));
            }
        }
        return new FlowField(flow, logit, levelMus);
    }

    /** Warps frame 0 (channels 0-2) with flow channels 0-1 and frame 1 (channels 3-5) with flow channels 2-3, as one batch. */
    static NDArray warpBoth(NDArray frames, NDArray flow) {
        long n = frames.getShape().get(0);
        NDArray images = frames.get(":, 0:3").concat(frames.get(":, 3:6"), 0);
        NDArray flows = flow.get(":, 0:2").concat(flow.get(":, 2:4"), 0);
        NDArray warped = BilinearWarp.warp(images, flows);
        return warped.get("0:" + n).concat(warped.get(n + ":"), 1);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        FlowField f = estimate(store, inputs.get(0), inputs.get(1), training);
        return new NDList(f.flow(), f.logit());
    }

    /** FLOPs for one frame of the given padded size. */
    long flops(long width, long height) {
        long f = 0;
        for (int l = 0; l < levels.length; l++) f += levels[l].flops(width * height / ((long) LEVEL_SCALES[l] * LEVEL_SCALES[l]));
        return f;
    }
}
