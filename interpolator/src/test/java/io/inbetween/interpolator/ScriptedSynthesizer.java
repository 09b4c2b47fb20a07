package io.inbetween.interpolator;

import io.inbetween.model.synthesis.BlendSynthesizer;
import io.inbetween.model.synthesis.FrameSynthesizer;
import io.inbetween.model.synthesis.SynthesisException;
import io.inbetween.model.synthesis.SynthesisRequest;
import io.inbetween.wire.RgbFrame;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real blend, with what a test needs around it: every call recorded, an optional gate that
 * holds calls until released (a deliberately slow model), and a frame width it refuses.
 */
final class ScriptedSynthesizer implements FrameSynthesizer {
    private final BlendSynthesizer blend = new BlendSynthesizer();
    private final List<List<SynthesisRequest>> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch gate;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final int refusedWidth;

    private ScriptedSynthesizer(boolean gated, int refusedWidth) {
        this.gate = new CountDownLatch(gated ? 1 : 0);
        this.refusedWidth = refusedWidth;
    }

    static ScriptedSynthesizer recording() { return new ScriptedSynthesizer(false, -1); }

    static ScriptedSynthesizer gated() { return new ScriptedSynthesizer(true, -1); }

    static ScriptedSynthesizer refusingWidth(int width) { return new ScriptedSynthesizer(false, width); }

    @Override
    public List<List<RgbFrame>> synthesize(List<SynthesisRequest> batch) {
        calls.add(List.copyOf(batch));
        entered.countDown();
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) throw new AssertionError("the test never released the synthesizer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SynthesisException("interrupted", e);
        }
        for (SynthesisRequest request : batch)
            if (request.frame0().width() == refusedWidth)
                throw new SynthesisException("model cannot take frames " + refusedWidth + " pixels wide");
        return blend.synthesize(batch);
    }

    void awaitEntered() {
        ServiceHarness.await("the synthesizer is called", () -> entered.getCount() == 0);
    }

    void release() { gate.countDown(); }

    List<List<SynthesisRequest>> calls() { return List.copyOf(calls); }

    @Override
    public String description() { return "scripted blend for tests"; }

    @Override
    public void close() { blend.close(); }
}
