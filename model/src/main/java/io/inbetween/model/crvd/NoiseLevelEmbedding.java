package io.inbetween.model.crvd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Maps the diffusion time t and the position tau (both N) to per-channel biases (N x outputs) for the denoiser's levels. */
final class NoiseLevelEmbedding extends SizedBlock {
    private static final float[] FREQUENCIES = {1, 2, 4, 8, 16};
    private static final int FEATURES = 2 * FREQUENCIES.length + 2;
    private static final int HIDDEN = 64;

    private final Linear hidden;
    private final Linear out;

    NoiseLevelEmbedding(int outputs) {
        hidden = addChildBlock("hidden", Linear.builder().setUnits(HIDDEN).build());
        out = addChildBlock("out", Linear.builder().setUnits(outputs).build());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        hidden.initialize(manager, dataType, new Shape(1, FEATURES));
        out.initialize(manager, dataType, new Shape(1, HIDDEN));
    }

    NDArray apply(ParameterStore store, NDArray t, NDArray tau, boolean training) {
        long n = t.getShape().get(0);
        NDArray phase = t.reshape(n, 1).mul(t.getManager().create(FREQUENCIES).reshape(1, FREQUENCIES.length)).muli((float) Math.PI / 2);
        NDArray features = NDArrays.concat(new NDList(phase.sin(), phase.cos(), t.reshape(n, 1), tau.reshape(n, 1)), 1);
        NDArray h = Activation.leakyRelu(hidden.forward(store, new NDList(features), training).singletonOrThrow(), 0.1f);
        return out.forward(store, new NDList(h), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.get(0), inputs.get(1), training));
    }
}
