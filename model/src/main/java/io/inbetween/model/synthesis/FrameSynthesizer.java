package io.inbetween.model.synthesis;

import io.inbetween.wire.RgbFrame;

import java.util.List;

/**
 * Makes in-between frames. Implementations: the linear blend, the trained CRVD model and a
 * user's TorchScript file. Calls are batched so that a model can run several pairs in one
 * forward pass; a synthesizer is used from one thread at a time.
 */
public interface FrameSynthesizer extends AutoCloseable {

    /**
     * Synthesizes, for each request, one frame per tau, in the order of the request's taus.
     *
     * @return a list parallel to {@code batch}; element i holds {@code batch.get(i).taus().length} frames
     * @throws SynthesisException when the frames cannot be made (bad sizes, model failure)
     */
    List<List<RgbFrame>> synthesize(List<SynthesisRequest> batch);

    /** One line for logs: the backend, the model, its device and settings. */
    String description();

    /** Frees native memory; the synthesizer is unusable afterwards. */
    @Override void close();
}
