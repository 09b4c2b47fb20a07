package io.inbetween.model.synthesis;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import io.inbetween.model.crvd.ComputeDevice;
import io.inbetween.model.crvd.FrameTensors;
import io.inbetween.wire.RgbFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's own interpolation model as a TorchScript file, run by DJL's PyTorch engine offline.
 * Contract: {@code forward(i0, i1, tau)} with i0, i1 float32 N x 3 x H x W RGB in [0,1] at the
 * frames' own size and tau float32 N, returning float32 N x 3 x H x W (clamped to [0,1] here).
 * Diffusion steps and seeds do not apply and are ignored.
 */
public final class TorchScriptSynthesizer implements FrameSynthesizer {
    private static final Logger log = LoggerFactory.getLogger(TorchScriptSynthesizer.class);

    private final ZooModel<NDList, NDList> model;
    private final Path file;
    private final int batchSize;

    private TorchScriptSynthesizer(ZooModel<NDList, NDList> model, Path file, int batchSize) {
        this.model = model;
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
        Criteria<NDList, NDList> criteria;
        try {
            criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
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

    private record Item(int request, int tauIndex) {}

    @Override
    public List<List<RgbFrame>> synthesize(List<SynthesisRequest> batch) {
        List<RgbFrame[]> results = new ArrayList<>(batch.size());
        Map<Long, List<Item>> bySize = new LinkedHashMap<>();
        for (int r = 0; r < batch.size(); r++) {
            SynthesisRequest req = batch.get(r);
            results.add(new RgbFrame[req.taus().length]);
            long key = ((long) req.frame0().width() << 32) | req.frame0().height();
            for (int k = 0; k < req.taus().length; k++) bySize.computeIfAbsent(key, x -> new ArrayList<>()).add(new Item(r, k));
        }
        for (List<Item> items : bySize.values())
            for (int from = 0; from < items.size(); from += batchSize)
                run(items.subList(from, Math.min(items.size(), from + batchSize)), batch, results);
        List<List<RgbFrame>> out = new ArrayList<>(results.size());
        for (RgbFrame[] frames : results) out.add(List.of(frames));
        return out;
    }

    private void run(List<Item> items, List<SynthesisRequest> batch, List<RgbFrame[]> results) {
        int n = items.size();
        RgbFrame first = batch.get(items.get(0).request()).frame0();
        int w = first.width(), h = first.height(), size = 3 * w * h;
        float[] in0 = new float[n * size], in1 = new float[n * size], taus = new float[n];
        for (int i = 0; i < n; i++) {
            SynthesisRequest req = batch.get(items.get(i).request());
            FrameTensors.toPlanar(req.frame0(), w, h, in0, i * size);
            FrameTensors.toPlanar(req.frame1(), w, h, in1, i * size);
            taus[i] = (float) req.taus()[items.get(i).tauIndex()];
        }
        float[] output;
        Shape expected = new Shape(n, 3, h, w);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList inputs = new NDList(manager.create(in0, expected), manager.create(in1, expected), manager.create(taus));
            NDList result = model.getBlock().forward(new ParameterStore(manager, false), inputs, false);
            NDArray frames = result.isEmpty() ? null : result.head();
            if (frames == null || !frames.getShape().equals(expected))
                throw new SynthesisException("TorchScript model " + file + " returned " + (frames == null ? "nothing" : frames.getShape())
                        + " for " + n + " frame(s) of " + w + "x" + h + "; it must return " + expected + " (see docs/model.md)");
            output = frames.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        } catch (SynthesisException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SynthesisException("TorchScript model " + file + " failed on " + n + " frame(s) of " + w + "x" + h + ": " + firstLine(e), e);
        }
        for (int i = 0; i < n; i++)
            results.get(items.get(i).request())[items.get(i).tauIndex()] = FrameTensors.toRgb(output, i * size, w, h, w, h);
    }

    @Override
    public String description() {
        return "torchscript " + file + " on " + model.getNDManager().getDevice() + ", batch " + batchSize;
    }

    @Override
    public void close() { model.close(); }

    /** The loaded model, for tests and diagnostics. */
    Model model() { return model; }
}
