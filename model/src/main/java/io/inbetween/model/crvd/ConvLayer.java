package io.inbetween.model.crvd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A square convolution with "same" padding, optionally strided, optionally followed by a leaky ReLU. */
final class ConvLayer extends SizedBlock {
    private static final float LEAK = 0.1f;

    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final boolean activate;
    private final Conv2d conv;

    ConvLayer(int inChannels, int outChannels, int kernel, int stride, boolean activate) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.activate = activate;
        this.conv = addChildBlock("conv", Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optStride(new Shape(stride, stride))
                .setFilters(outChannels)
                .build());
    }

    static ConvLayer conv3(int in, int out) { return new ConvLayer(in, out, 3, 1, true); }

    static ConvLayer down3(int in, int out) { return new ConvLayer(in, out, 3, 2, true); }

    /** A linear head that starts at zero, so an untrained residual branch adds nothing. */
    static ConvLayer zeroHead3(int in, int out) {
        ConvLayer layer = new ConvLayer(in, out, 3, 1, false);
        layer.conv.setInitializer(ai.djl.training.initializer.Initializer.ZEROS, ai.djl.nn.Parameter.Type.WEIGHT);
        return layer;
    }

    /** A linear head: no activation, so it can output negative flows and logits. */
    static ConvLayer head3(int in, int out) { return new ConvLayer(in, out, 3, 1, false); }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, new Shape(1, inChannels, kernel * 2, kernel * 2));
    }

    NDArray apply(ParameterStore store, NDArray x, boolean training) {
        NDArray y = conv.forward(store, new NDList(x), training).singletonOrThrow();
        return activate ? Activation.leakyRelu(y, LEAK) : y;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.singletonOrThrow(), training));
    }

    /** Multiply-adds times two, per output pixel of this layer. */
    long flopsPerOutputPixel() { return 2L * kernel * kernel * inChannels * outChannels; }
}
