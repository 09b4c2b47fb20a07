package io.inbetween.model.synthesis;

import io.inbetween.model.crvd.ComputeDevice;
import io.inbetween.model.crvd.CrvdModel;
import io.inbetween.model.crvd.WeightsFormatException;
import io.inbetween.wire.RgbFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trained CRVD model as a synthesizer. Every (pair, tau) is one frame to make; frames of the
 * same size and step count run together in batches of up to {@code batchSize}; the model frees
 * each batch's native memory before it returns.
 */
public final class CrvdSynthesizer implements FrameSynthesizer {
    private static final Logger log = LoggerFactory.getLogger(CrvdSynthesizer.class);

    private final CrvdModel model;
    private final int batchSize;
    private final float temperature;

    public CrvdSynthesizer(CrvdModel model, int batchSize, float temperature) {
        if (batchSize < 1) throw new SynthesisException("batch size must be at least 1, got " + batchSize);
        if (!(temperature >= 0)) throw new SynthesisException("sampling temperature must be >= 0, got " + temperature);
        this.model = model;
        this.batchSize = batchSize;
        this.temperature = temperature;
        log.info("CRVD ready: {}", description());
    }

    /**
     * Loads the weights and picks the device.
     *
     * @param weights a weights file, or null for the weights shipped on the classpath
     * @param device  auto, cpu, gpu or gpu:N
     */
    public static CrvdSynthesizer open(Path weights, String device, int batchSize) {
        try {
            var dev = ComputeDevice.resolve(device);
            CrvdModel model = weights == null ? CrvdModel.loadDefault(dev) : CrvdModel.load(weights, dev);
            try {
                return new CrvdSynthesizer(model, batchSize, CrvdModel.DEFAULT_TEMPERATURE);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        } catch (WeightsFormatException | IllegalArgumentException e) {
            throw new SynthesisException(e.getMessage(), e);
        }
    }

    /** Frames that run in one forward pass: the same size and step count. */
    private record Group(int width, int height, int steps) {}

    @Override
    public List<List<RgbFrame>> synthesize(List<SynthesisRequest> batch) {
        return FrameBatches.synthesize(batch, batchSize,
                r -> new Group(r.frame0().width(), r.frame0().height(), r.steps()), this::run);
    }

    private List<RgbFrame> run(Group group, List<FrameBatches.Frame> frames) {
        int n = frames.size();
        List<RgbFrame> frames0 = new ArrayList<>(n), frames1 = new ArrayList<>(n);
        float[] taus = new float[n];
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            FrameBatches.Frame f = frames.get(i);
            frames0.add(f.frame0());
            frames1.add(f.frame1());
            taus[i] = f.tau();
            seeds[i] = f.seed();
        }
        try {
            return model.interpolate(frames0, frames1, taus, group.steps(), seeds, temperature);
        } catch (RuntimeException e) {
            throw new SynthesisException("CRVD failed on " + n + " frame(s) of " + group.width() + "x" + group.height() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String description() {
        return "crvd (" + model.provenance() + "; " + model.parameterCount() + " parameters) on " + model.device()
                + ", batch " + batchSize + ", temperature " + temperature;
    }

    @Override
    public void close() { model.close(); }
}
