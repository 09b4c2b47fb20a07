package io.inbetween.model.crvd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * One coarse-to-fine level of the flow estimator. It works internally at half its input
 * resolution (a strided convolution in, a residual body, bilinear upsampling and a convolution
 * out), and outputs 5 channels at its input resolution: two flows (tau to 0, tau to 1) and a
 * blend-mask logit.
 */
final class FlowLevel extends SizedBlock {
    static final int OUTPUTS = 5;

    private final ConvLayer in;
    private final List<ConvLayer> body = new ArrayList<>();
    private final ConvLayer out;

    /** @param startsAtZero a zero output layer, so that a level added to a trained network changes nothing until it learns */
    FlowLevel(int inChannels, int width, int bodyConvs, boolean startsAtZero) {
        in = addChildBlock("in", ConvLayer.down3(inChannels, width));
        for (int i = 0; i < bodyConvs; i++) body.add(addChildBlock("body" + i, ConvLayer.conv3(width, width)));
        out = addChildBlock("out", startsAtZero ? ConvLayer.zeroHead3(width, OUTPUTS) : ConvLayer.head3(width, OUTPUTS));
    }

    NDArray apply(ParameterStore store, NDArray input, boolean training) {
        NDArray x = in.apply(store, input, training);
        NDArray h = x;
        for (ConvLayer conv : body) h = conv.apply(store, h, training);
        return out.apply(store, Resampling.up2(h.add(x)), training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.singletonOrThrow(), training));
    }

    /** FLOPs at an input of the given pixel count. */
    long flops(long inputPixels) {
        long half = inputPixels / 4;
        long f = in.flopsPerOutputPixel() * half + out.flopsPerOutputPixel() * inputPixels;
        for (ConvLayer conv : body) f += conv.flopsPerOutputPixel() * half;
        return f;
    }
}
