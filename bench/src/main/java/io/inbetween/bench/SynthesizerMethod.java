package io.inbetween.bench;

import io.inbetween.model.synthesis.FrameSynthesizer;
import io.inbetween.model.synthesis.SynthesisException;
import io.inbetween.model.synthesis.SynthesisRequest;
import io.inbetween.wire.RgbFrame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An Inbetween {@link FrameSynthesizer} (blend, CRVD, TorchScript), called in-process as the interpolator calls it. */
public final class SynthesizerMethod implements InterpolationMethod {
    private final String id;
    private final FrameSynthesizer synthesizer;
    private final int steps;
    private final int pairsPerCall;
    private final long seed;
    private final Set<String> warmSizes = new HashSet<>();

    /**
     * @param steps        diffusion steps K of every request
     * @param pairsPerCall pairs per {@code synthesize} call, like the interpolator's batches
     */
    public SynthesizerMethod(String id, FrameSynthesizer synthesizer, int steps, int pairsPerCall, long seed) {
        this.id = id;
        this.synthesizer = synthesizer;
        this.steps = steps;
        this.pairsPerCall = pairsPerCall;
        this.seed = seed;
    }

    @Override public String id() { return id; }

    @Override
    public List<RgbFrame> interpolate(List<RgbFrame> inputs, int factor) {
        double[] taus = new Protocol(factor).taus();
        List<RgbFrame> out = new ArrayList<>();
        List<SynthesisRequest> batch = new ArrayList<>();
        for (int i = 0; i + 1 < inputs.size(); i++) {
            // seeds follow the output index, as in a job: the same frame gets the same noise however it is batched
            batch.add(SynthesisRequest.of(inputs.get(i), inputs.get(i + 1), taus, steps, seed + (long) i * factor + 1));
            if (batch.size() == pairsPerCall || i + 2 == inputs.size()) {
                collect(batch, synthesizer.synthesize(batch), out);
                batch.clear();
            }
        }
        return out;
    }

    @Override
    public void warmUp(List<RgbFrame> inputs, int factor) {
        RgbFrame first = inputs.get(0);
        if (warmSizes.add(first.width() + "x" + first.height())) interpolate(inputs.subList(0, 2), factor);
    }

    private static void collect(List<SynthesisRequest> batch, List<List<RgbFrame>> result, List<RgbFrame> out) {
        if (result.size() != batch.size())
            throw new SynthesisException("synthesizer returned " + result.size() + " results for " + batch.size() + " requests");
        for (int r = 0; r < batch.size(); r++) {
            SynthesisRequest request = batch.get(r);
            List<RgbFrame> frames = result.get(r);
            if (frames.size() != request.taus().length)
                throw new SynthesisException("synthesizer returned " + frames.size() + " frames for " + request.taus().length + " taus");
            for (RgbFrame f : frames)
                if (!f.sameSizeAs(request.frame0()))
                    throw new SynthesisException("synthesizer returned a " + f + " for inputs of " + request.frame0());
            out.addAll(frames);
        }
    }

    @Override public String description() { return synthesizer.description() + (steps > 0 ? "; K = " + steps : ""); }

    @Override public void close() { synthesizer.close(); }
}
