package io.inbetween.model.crvd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The conditional denoiser: a small U-Net over 1/2, 1/4 and 1/8 resolution that predicts the
 * clean residual y0 = (x - mu) / sigma from a noisy y_t, the diffusion time t and tau, given the
 * condition (I0, I1, warped I0, warped I1, mu, mask, flows). Frames enter and leave 2x2
 * space-to-depth folded ({@link SpaceToDepth}): the residual as 12 channels, the condition as 80, at half size.
 * Features go up by bilinear interpolation and a convolution. The condition is encoded once per
 * frame and reused by every sampling step.
 */
public final class ResidualDenoiser extends SizedBlock {
    /** The flows enter the condition scaled by this, so that motion of tens of pixels is of unit size. */
    public static final float FLOW_CONDITION_SCALE = 1f / 16;
    /** The residual, folded. */
    public static final int RESIDUAL_CHANNELS = 12;
    private static final float LEAK = 0.1f;

    private final int half, quarter, eighth;
    private final boolean flowCondition;
    private final ConvLayer cond0, cond1, cond2, cond3;
    private final NoiseLevelEmbedding embedding;
    private final ConvLayer in1, in2, in3, body1, body2, up2, mid2, up1, out;

    ResidualDenoiser(CrvdConfig c) {
        half = c.denoiserHalf();
        quarter = c.denoiserQuarter();
        eighth = c.denoiserEighth();
        flowCondition = c.flowCondition();
        cond0 = addChildBlock("cond0", new ConvLayer(c.conditionChannels() * 4, half, 1, 1, true));
        cond1 = addChildBlock("cond1", ConvLayer.conv3(half, half));
        cond2 = addChildBlock("cond2", ConvLayer.down3(half, quarter));
        cond3 = addChildBlock("cond3", ConvLayer.down3(quarter, eighth));
        embedding = addChildBlock("embedding", new NoiseLevelEmbedding(half + quarter + eighth));
        in1 = addChildBlock("in1", new ConvLayer(RESIDUAL_CHANNELS, half, 3, 1, false));
        in2 = addChildBlock("in2", new ConvLayer(half, quarter, 3, 2, false));
        in3 = addChildBlock("in3", new ConvLayer(quarter, eighth, 3, 2, false));
        body1 = addChildBlock("body1", ConvLayer.conv3(eighth, eighth));
        body2 = addChildBlock("body2", ConvLayer.conv3(eighth, eighth));
        // 1x1 after the bilinear upsampling: the neighbourhood comes from the level below, the cost stays low.
        up2 = addChildBlock("up2", new ConvLayer(eighth, quarter, 1, 1, false));
        mid2 = addChildBlock("mid2", ConvLayer.conv3(quarter, quarter));
        up1 = addChildBlock("up1", new ConvLayer(quarter, half, 1, 1, false));
        // Zero at the start: an untrained denoiser returns mu unchanged, so a checkpoint is usable at any K.
        out = addChildBlock("out", ConvLayer.zeroHead3(half + RESIDUAL_CHANNELS, RESIDUAL_CHANNELS));
    }

    /** The folded condition for {@link #encode}: I0, I1, warped I0, warped I1, mu, the mask and (when configured) the scaled flows. */
    public NDArray condition(NDArray i0, NDArray i1, MuEstimate mu) {
        NDList parts = new NDList(i0, i1, mu.warped0(), mu.warped1(), mu.mu(), mu.mask());
        if (flowCondition) parts.add(mu.flows().mul(FLOW_CONDITION_SCALE));
        return SpaceToDepth.fold(NDArrays.concat(parts, 1));
    }

    /** Encodes the folded condition once per frame: features at 1/2, 1/4 and 1/8 resolution. */
    public NDList encode(ParameterStore store, NDArray condition, boolean training) {
        NDArray e1 = cond1.apply(store, cond0.apply(store, condition, training), training);
        NDArray e2 = cond2.apply(store, e1, training);
        NDArray e3 = cond3.apply(store, e2, training);
        return new NDList(e1, e2, e3);
    }

    /**
     * One denoising evaluation.
     *
     * @param encoded the output of {@link #encode}
     * @param yt      noisy folded residual, N,12,H/2,W/2
     * @param t       diffusion time in [0,1], N
     * @param tau     frame position, N
     * @return the predicted clean folded residual y0, N,12,H/2,W/2
     */
    public NDArray predict(ParameterStore store, NDList encoded, NDArray yt, NDArray t, NDArray tau, boolean training) {
        long n = yt.getShape().get(0);
        NDArray bias = embedding.apply(store, t, tau, training);
        NDArray b1 = bias.get(":, 0:" + half).reshape(n, half, 1, 1);
        NDArray b2 = bias.get(":, " + half + ":" + (half + quarter)).reshape(n, quarter, 1, 1);
        NDArray b3 = bias.get(":, " + (half + quarter) + ":").reshape(n, eighth, 1, 1);
        NDArray a1 = act(in1.apply(store, yt, training).add(encoded.get(0)).add(b1));
        NDArray a2 = act(in2.apply(store, a1, training).add(encoded.get(1)).add(b2));
        NDArray a3 = act(in3.apply(store, a2, training).add(encoded.get(2)).add(b3));
        a3 = a3.add(body2.apply(store, body1.apply(store, a3, training), training));
        NDArray u2 = act(up2.apply(store, Resampling.up2(a3), training).add(a2));
        u2 = u2.add(mid2.apply(store, u2, training));
        NDArray u1 = act(up1.apply(store, Resampling.up2(u2), training).add(a1));
        return out.apply(store, u1.concat(yt, 1), training);
    }

    private static NDArray act(NDArray x) { return Activation.leakyRelu(x, LEAK); }

    /** Inputs: folded condition, folded y_t, t, tau. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList encoded = encode(store, inputs.get(0), training);
        return new NDList(predict(store, encoded, inputs.get(1), inputs.get(2), inputs.get(3), training));
    }

    /** FLOPs of the condition encoder, once per frame of the given full-resolution pixel count. */
    long encodeFlops(long pixels) {
        return (cond0.flopsPerOutputPixel() + cond1.flopsPerOutputPixel()) * pixels / 4
                + cond2.flopsPerOutputPixel() * pixels / 16 + cond3.flopsPerOutputPixel() * pixels / 64;
    }

    /** FLOPs of one sampling step. */
    long stepFlops(long pixels) {
        return (in1.flopsPerOutputPixel() + up1.flopsPerOutputPixel() + out.flopsPerOutputPixel()) * pixels / 4
                + (in2.flopsPerOutputPixel() + up2.flopsPerOutputPixel() + mid2.flopsPerOutputPixel()) * pixels / 16
                + (in3.flopsPerOutputPixel() + body1.flopsPerOutputPixel() + body2.flopsPerOutputPixel()) * pixels / 64;
    }
}
