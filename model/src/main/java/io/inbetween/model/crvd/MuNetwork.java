package io.inbetween.model.crvd;

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
 * flows and the occlusion/blend mask at input scales 1/16, 1/8, 1/4 and, when configured, 1/2
 * (large motion is found at low resolution, fine placement at the last level). It sees only the
 * frames at the field's scale; the full-resolution warp and blend that turn its
 * {@link FlowField} into mu are {@link WarpBlend} (differentiable, for training) and
 * {@link PixelComposer} (fused Java loops, for serving).
 */
public final class MuNetwork extends SizedBlock {
    /** Flow values are scaled down before they are fed back in, to keep activations near unit size. */
    private static final float FLOW_INPUT_SCALE = 0.1f;
    private final FlowLevel[] levels;
    private final int fieldScale;
    private final boolean halfScaleLevel;

    MuNetwork(CrvdConfig config) {
        List<FlowLevel> list = new ArrayList<>(List.of(
                addChildBlock("level16", new FlowLevel(7, config.muCoarse(), config.muDepth(), false)),
                addChildBlock("level8", new FlowLevel(18, config.muMiddle(), config.muDepth(), false)),
                addChildBlock("level4", new FlowLevel(18, config.muFine(), config.muDepth(), false))));
        // Added last, so the parameter names of the three-level network stay as they were (a trained one can grow).
        if (config.muHalf() > 0) list.add(addChildBlock("level2", new FlowLevel(18, config.muHalf(), config.muDepth(), true)));
        levels = list.toArray(FlowLevel[]::new);
        fieldScale = config.fieldScale();
        halfScaleLevel = config.muHalf() > 0;
    }

    /** Flow levels, coarse to fine: 3, or 4 with the 1/2-scale level. */
    public int levelCount() { return levels.length; }

    /** The field's resolution relative to the padded frame (and of the frames {@link #estimate} takes). */
    public int fieldScale() { return fieldScale; }

    /**
     * Estimates flows and mask coarse to fine.
     *
     * @param frames both frames at 1/{@link #fieldScale()} of the padded size, N6HW (frame 0 in channels 0-2), in [0,1]
     * @param tau    N111
     */
    public FlowField estimate(ParameterStore store, NDArray frames, NDArray tau, boolean training) {
        NDArray[] pyramid = pyramid(frames);
        Estimate e = null;
        List<NDArray> levelMus = new ArrayList<>();
        for (int l = 0; l < levels.length; l++) {
            e = refine(store, l, pyramid[l], e, tau, training);
            if (training) {
                NDArray warped = warpBoth(pyramid[l], e.flow);
                levelMus.add(WarpBlend.blend(warped.get(":, 0:3"), warped.get(":, 3:6"), e.logit.getNDArrayInternal().sigmoid()));
            }
        }
        return new FlowField(e.flow, e.logit, levelMus);
    }

    /** Flows and mask logit after some levels, at the resolution of the last level run. */
    private record Estimate(NDArray flow, NDArray logit) {}

    /** The frames at every level's resolution, coarsest first. */
    private NDArray[] pyramid(NDArray frames) {
        Shape s = frames.getShape();
        long h = s.get(2), w = s.get(3);
        int multiple = CrvdConfig.STRIDE / fieldScale;
        if (h % multiple != 0 || w % multiple != 0)
            throw new IllegalArgumentException("1/" + fieldScale + "-size frame " + w + "x" + h + " is not padded to a multiple of " + multiple);
        NDArray[] pyramid = new NDArray[levels.length];
        pyramid[levels.length - 1] = frames;
        for (int l = levels.length - 1; l > 0; l--) pyramid[l - 1] = Resampling.down2(pyramid[l]);
        return pyramid;
    }

    /** Runs level {@code l} on the frames at its resolution, refining the estimate of the coarser levels (null before the first). */
    private Estimate refine(ParameterStore store, int l, NDArray level, Estimate coarser, NDArray tau, boolean training) {
        long n = level.getShape().get(0), lh = level.getShape().get(2), lw = level.getShape().get(3);
        NDArray tauMap = tau.broadcast(n, 1, lh, lw);
        if (coarser == null) {
            NDArray out = levels[l].apply(store, NDArrays.concat(new NDList(level, tauMap), 1), training);
            return new Estimate(out.get(":, 0:4"), out.get(":, 4:5"));
        }
        NDArray flow = Resampling.resizeFlow(coarser.flow, lh, lw);
        NDArray logit = Resampling.resize(coarser.logit, lh, lw);
        NDArray input = NDArrays.concat(new NDList(level, warpBoth(level, flow), flow.mul(FLOW_INPUT_SCALE), logit, tauMap), 1);
        NDArray out = levels[l].apply(store, input, training);
        return new Estimate(flow.add(out.get(":, 0:4")), logit.add(out.get(":, 4:5")));
    }

    /**
     * The serving estimate: the mean of the coarse estimate for (I0, I1, tau) and the
     * time-reversed one for (I1, I0, 1 - tau), whose flows swap roles and whose mask logit
     * changes sign (both run as one batch), refined once by the finest level. On the benchmark
     * this self-ensemble gained 0.5-0.7 dB over one pass (docs/model.md).
     *
     * @param frames both frames at 1/{@link #fieldScale()} of the padded size, N6HW
     * @param tau    N (one per item)
     */
    public FlowField estimateBothWays(ParameterStore store, NDArray frames, NDArray tau) {
        long n = frames.getShape().get(0);
        NDArray taus = tau.concat(tau.neg().add(1), 0).reshape(2 * n, 1, 1, 1);
        // One pyramid: the time-reversed frames are each level's with its two frames swapped, so
        // only the levels that run both ways get the doubled batch.
        NDArray[] pyramid = pyramid(frames);
        int ensembled = ensembledLevels();
        Estimate e = null;
        for (int l = 0; l < ensembled; l++) e = refine(store, l, withReversed(pyramid[l]), e, taus, false);
        e = mergeDirections(e, n);
        for (int l = ensembled; l < levels.length; l++) e = refine(store, l, pyramid[l], e, tau.reshape(n, 1, 1, 1), false);
        return new FlowField(e.flow, e.logit, List.of());
    }

    /** The batch followed by its time-reversed copy (frame 1 in channels 0-2, frame 0 in 3-5). */
    private static NDArray withReversed(NDArray frames) {
        return frames.concat(frames.get(":, 3:6").concat(frames.get(":, 0:3"), 1), 0);
    }

    /**
     * Levels that run both ways: all but the 1/2-scale level, which runs once (forward) on the
     * merged estimate. It is 58% of a pass, and running it once cost 0.01-0.05 dB on the
     * benchmark for 43% more frames/s at 480p; running the 1/4 level once too cost 0.09-0.15 dB
     * for no further gain (docs/model.md).
     */
    private int ensembledLevels() { return halfScaleLevel ? levels.length - 1 : levels.length; }

    /** The mean of a forward (first n items) and a time-reversed estimate, whose flows swap roles and whose logit changes sign. */
    private static Estimate mergeDirections(Estimate both, long n) {
        NDArray forward = both.flow.get("0:" + n), backward = both.flow.get(n + ":");
        NDArray flow = forward.add(backward.get(":, 2:4").concat(backward.get(":, 0:2"), 1)).divi(2);
        NDArray logit = both.logit.get("0:" + n).sub(both.logit.get(n + ":")).divi(2);
        return new Estimate(flow, logit);
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

    /** FLOPs for one frame of the given padded size as {@link #estimateBothWays} runs it. */
    long flopsBothWays(long width, long height) {
        long f = 0;
        for (int l = 0; l < levels.length; l++) {
            long scale = (long) fieldScale << (levels.length - 1 - l);
            int passes = l < ensembledLevels() ? 2 : 1;
            f += passes * levels[l].flops(width * height / (scale * scale));
        }
        return f;
    }
}
