package io.inbetween.model.crvd;

import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The whole CRVD network as one block: the mu-network and the residual denoiser, saved and loaded together. */
final class CrvdNetwork extends SizedBlock {
    final MuNetwork mu;
    final ResidualDenoiser denoiser;

    CrvdNetwork(CrvdConfig config) {
        mu = addChildBlock("mu", new MuNetwork(config));
        denoiser = addChildBlock("denoiser", new ResidualDenoiser(config));
    }

    /** Inputs I0, I1, tau; output mu. The sampler drives the denoiser itself. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return mu.forward(store, inputs, training, params);
    }
}
