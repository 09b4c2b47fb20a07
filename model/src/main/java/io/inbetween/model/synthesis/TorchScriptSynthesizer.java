package io.inbetween.model.synthesis;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.inbetween.model.crvd.ComputeDevice;
import io.inbetween.model.crvd.FrameTensors;
import io.inbetween.wire.RgbFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's own interpolation model as a TorchScript file, run by DJL's PyTorch engine offline.
 * Contract: {@code forward(i0, i1, tau)} with i0, i1 float32 N x 3 x H x W RGB in [0,1] at the
 * frames' own size and tau float32 N, returning float32 N x 3 x H x W (clamped to [0,1] here).
 * Diffusion steps and seeds do not apply and are ignored.
 */
public final class TorchScriptSynthesizer implements FrameSynthesizer {
    private static final Logger log = LoggerFactory.getLogger(TorchScriptSynthesizer.class);

    private final ZooModel<TorchScriptTranslator.Input, float[]> model;
    /** Used from one thread at a time, like the synthesizer itself. */
    private final Predictor<TorchScriptTranslator.Input, float[]> predictor;
    private final Path file;
    private final int batchSize;

    private TorchScriptSynthesizer(ZooModel<TorchScriptTranslator.Input, float[]> model, Path file, int batchSize) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.file = file;
        this.batchSize = batchSize;
        log.info("TorchScript ready: {}", description());
    }

    /** @param device auto, cpu, gpu or gpu:N */
    public static TorchScriptSynthesizer open(Path file, String device, int batchSize) {
        if (batchSize < 1) throw new SynthesisException("batch size must be at least 1, got " + batchSize);
        if (file == null || !Files.isRegularFile(file))
            throw new SynthesisException("no TorchScript file at " + file + ": give torchscript:PATH to a file saved with torch.jit.save");
        String name = file.getFileName().toString();
        Criteria<TorchScriptTranslator.Input, float[]> criteria;
        try {
            criteria = Criteria.builder().setTypes(TorchScriptTranslator.Input.class, float[].class)
                    .optTranslator(new TorchScriptTranslator())
                    .optEngine("PyTorch")
                    .optDevice(ComputeDevice.resolve(device))
                    .optModelPath(file.toAbsolutePath().getParent())
                    .optModelName(name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new SynthesisException(e.getMessage(), e);
        }
        try {
            return new TorchScriptSynthesizer(criteria.loadModel(), file, batchSize);
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new SynthesisException("cannot load TorchScript model " + file + ": " + firstLine(e)
                    + " (it must be a file saved with torch.jit.save, see docs/model.md)", e);
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Frames that run in one forward pass: the same size. */
    private record Size(int width, int height) {}

    @Override
    public List<List<RgbFrame>> synthesize(List<SynthesisRequest> batch) {
        return FrameBatches.synthesize(batch, batchSize, r -> new Size(r.frame0().width(), r.frame0().height()), this::run);
    }

    private List<RgbFrame> run(Size size, List<FrameBatches.Frame> frames) {
        int n = frames.size(), w = size.width(), h = size.height(), planes = 3 * w * h;
        float[] in0 = new float[n * planes], in1 = new float[n * planes], taus = new float[n];
        for (int i = 0; i < n; i++) {
            FrameBatches.Frame f = frames.get(i);
            FrameTensors.toPlanar(f.frame0(), w, h, in0, i * planes);
            FrameTensors.toPlanar(f.frame1(), w, h, in1, i * planes);
            taus[i] = f.tau();
        }
        float[] output;
        try {
            output = predictor.predict(new TorchScriptTranslator.Input(in0, in1, taus, n, w, h));
        } catch (TranslateException | RuntimeException e) {
            Throwable cause = e instanceof TranslateException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TorchScriptTranslator.WrongShapeException)
                throw new SynthesisException("TorchScript model " + file + " " + cause.getMessage() + " for " + n + " frame(s) of "
                        + w + "x" + h + " (see docs/model.md)", cause);
            throw new SynthesisException("TorchScript model " + file + " failed on " + n + " frame(s) of " + w + "x" + h + ": " + firstLine(cause), e);
        }
        List<RgbFrame> made = new ArrayList<>(n);
        for (int i = 0; i < n; i++) made.add(FrameTensors.toRgb(output, i * planes, w, h, w, h));
        return made;
    }

    @Override
    public String description() {
        return "torchscript " + file + " on " + model.getNDManager().getDevice() + ", batch " + batchSize;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    /** The loaded model, for tests and diagnostics. */
    Model model() { return model; }
}
