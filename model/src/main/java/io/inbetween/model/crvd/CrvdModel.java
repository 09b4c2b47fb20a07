package io.inbetween.model.crvd;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.inbetween.wire.RgbFrame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The conditional residual video diffusion model, ready to run: mu-network, denoiser and DDIM
 * sampler around one DJL {@link Model}, used from one thread at a time. Frames of any size are
 * padded (edge replicated) to a multiple of {@link CrvdConfig#STRIDE} and cropped back.
 */
public final class CrvdModel implements AutoCloseable {
    /** Classpath location of the shipped weights. */
    public static final String RESOURCE = "/io/inbetween/model/crvd/crvd.weights";
    /**
     * Starting-noise temperature of DDIM. Measured on held-out triplets after 2,500 denoiser steps:
     * 0.25 cost 0.3 dB against K=0, 0.5 cost 1 dB, 1.0 cost 2.4-3.2 dB; 0 matched K=0. A small value
     * keeps samples at the conditional mean (PSNR) while the seed still matters. The finished run's
     * denoiser scores the same from 0 to 0.25 (docs/model.md, "Default K and temperature").
     */
    public static final float DEFAULT_TEMPERATURE = 0.1f;

    private final Model model;
    private final CrvdNetwork network;
    private final CrvdConfig config;
    private final String provenance;
    private final ParameterStore store;
    private PixelComposer composer;

    private CrvdModel(Model model, CrvdNetwork network, CrvdConfig config, String provenance) {
        this.model = model;
        this.network = network;
        this.config = config;
        this.provenance = provenance;
        this.store = new ParameterStore(model.getNDManager(), false);
    }

    /** A freshly initialized network for training; seed the engine first for a reproducible start. */
    public static CrvdModel create(CrvdConfig config, Device device) {
        Model model = Model.newInstance("crvd", device, "PyTorch");
        CrvdNetwork network = new CrvdNetwork(config);
        model.setBlock(network);
        network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, CrvdConfig.STRIDE, CrvdConfig.STRIDE));
        return new CrvdModel(model, network, config, "untrained");
    }

    /**
     * A network of a larger shape that starts as this one: parameters with the same name are
     * copied, the rest keep their initialization (a new flow level's output starts at zero, so
     * the grown network computes what this one did). This model is left as it was.
     */
    public CrvdModel grow(CrvdConfig larger) {
        CrvdModel grown = create(larger, device());
        var target = grown.network.getParameters();
        int copied = 0;
        for (Pair<String, Parameter> p : network.getParameters()) {
            Parameter into = target.get(p.getKey());
            if (into == null) throw new IllegalArgumentException("cannot grow " + config + " into " + larger + ": no parameter " + p.getKey());
            NDArray from = p.getValue().getArray();
            if (!from.getShape().equals(into.getArray().getShape()))
                throw new IllegalArgumentException("cannot grow " + config + " into " + larger + ": " + p.getKey() + " changes shape");
            into.getArray().set(from.toFloatArray());
            copied++;
        }
        if (copied == 0) throw new IllegalStateException("nothing to copy from " + config);
        return grown;
    }

    /** The weights shipped on the classpath (the interpolator jar's resources). */
    public static CrvdModel loadDefault(Device device) throws WeightsFormatException {
        try (InputStream in = CrvdModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null)
                throw new WeightsFormatException("the CRVD weights are not on the classpath (" + RESOURCE
                        + "): build the interpolator module with its resources, or pass a weights file");
            return load(in.readAllBytes(), "classpath:" + RESOURCE, device);
        } catch (WeightsFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new WeightsFormatException("cannot read the CRVD weights from the classpath: " + e.getMessage(), e);
        }
    }

    public static CrvdModel load(Path file, Device device) throws WeightsFormatException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new WeightsFormatException("no CRVD weights file at " + file + ": train one (inbetween train) or use the shipped weights");
        } catch (IOException e) {
            throw new WeightsFormatException("cannot read CRVD weights " + file + ": " + e.getMessage(), e);
        }
        return load(bytes, file.toString(), device);
    }

    public static CrvdModel load(byte[] weights, String source, Device device) throws WeightsFormatException {
        CrvdWeights.Header header = CrvdWeights.decode(weights, source);
        Model model = Model.newInstance("crvd", device, "PyTorch");
        try {
            CrvdNetwork network = new CrvdNetwork(header.config());
            model.setBlock(network);
            CrvdWeights.loadParameters(header, network, model.getNDManager(), source);
            return new CrvdModel(model, network, header.config(), header.provenance());
        } catch (WeightsFormatException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Synthesizes one frame per item, all of one size: mu for {@code steps == 0}, otherwise mu
     * plus sigma times a residual sampled by DDIM in {@code steps} steps from noise seeded per item.
     * Only the flow estimation (at 1/2 or 1/4 size) and the half-size denoiser run as tensors; the full-size
     * work is {@link PixelComposer}'s. Everything native is freed before this returns.
     */
    public List<RgbFrame> interpolate(List<RgbFrame> frames0, List<RgbFrame> frames1, float[] taus, int steps, long[] seeds, float temperature) {
        int n = frames0.size();
        if (n == 0) throw new IllegalArgumentException("nothing to interpolate: no frames");
        if (frames1.size() != n || taus.length != n || seeds.length != n)
            throw new IllegalArgumentException(n + " first frames but " + frames1.size() + " second frames, " + taus.length + " taus, " + seeds.length + " seeds");
        if (steps < 0) throw new IllegalArgumentException("negative diffusion steps " + steps);
        PixelComposer composer = composerFor(frames0.get(0).width(), frames0.get(0).height());
        int pw = composer.padWidth(), ph = composer.padHeight();
        int pooledSize = composer.pooledSize();
        float[] pooled = new float[n * pooledSize];
        parallel(n, i -> composer.pooled(frames0.get(i), frames1.get(i), pooled, i * pooledSize));
        RgbFrame[] out = new RgbFrame[n];
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray tau = manager.create(taus);
            FlowField field = network.mu.estimateBothWays(store,
                    manager.create(pooled, new Shape(n, 6, composer.fieldHeight(), composer.fieldWidth())), tau);
            float[] fields = field.flow().concat(field.mask(), 1).toFloatArray();
            int fieldSize = composer.fieldSize();
            if (steps == 0) {
                parallel(n, i -> out[i] = composer.mu(frames0.get(i), frames1.get(i), fields, i * fieldSize));
                return List.of(out);
            }
            int imageSize = composer.imageSize(), conditionSize = composer.conditionSize(), residualSize = composer.residualSize();
            float[] mu = new float[n * imageSize];
            float[] condition = new float[n * conditionSize];
            float[] noise = new float[n * residualSize];
            parallel(n, i -> {
                composer.condition(frames0.get(i), frames1.get(i), fields, i * fieldSize, mu, i * imageSize, condition, i * conditionSize);
                GaussianNoise.fill(seeds[i], temperature, noise, i * residualSize, residualSize);
            });
            Shape folded = new Shape(n, ResidualDenoiser.RESIDUAL_CHANNELS, ph / 2, pw / 2);
            NDList encoded = network.denoiser.encode(store,
                    manager.create(condition, new Shape(n, config.conditionChannels() * 4, ph / 2, pw / 2)), false);
            float[] residual = DdimSampler.sample(network.denoiser, store, encoded, tau, manager.create(noise, folded), steps).toFloatArray();
            parallel(n, i -> out[i] = composer.finish(mu, i * imageSize, residual, i * residualSize, config.residualScale()));
            return List.of(out);
        }
    }

    /** Per-item Java work on all cores: the tensor library sits idle meanwhile. */
    private static void parallel(int n, IntConsumer body) {
        if (n == 1) body.accept(0);
        else IntStream.range(0, n).parallel().forEach(body);
    }

    private PixelComposer composerFor(int width, int height) {
        PixelComposer c = composer;
        if (c == null || c.width() != width || c.height() != height) composer = c = new PixelComposer(width, height, config.fieldScale(), config.flowCondition());
        return c;
    }

    /** Writes the weights atomically (temporary file, then rename). */
    public void save(Path file, String provenance) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, encode(provenance));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public byte[] encode(String provenance) throws IOException {
        return CrvdWeights.encode(config, provenance, network);
    }

    public long parameterCount() { return count(network); }

    public long muParameterCount() { return count(network.mu); }

    private static long count(ai.djl.nn.Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) total += p.getValue().getArray().size();
        return total;
    }

    /** Floating-point operations (2 per multiply-add) of the convolutions for one frame: mu, plus the condition encoder and K steps. */
    public long flopsPerFrame(int width, int height, int steps) {
        long w = pad(width), h = pad(height), pixels = w * h;
        long f = network.mu.flopsBothWays(w, h);
        if (steps > 0) f += network.denoiser.encodeFlops(pixels) + steps * network.denoiser.stepFlops(pixels);
        return f;
    }

    /** Rounds a frame dimension up to the network stride. */
    public static int pad(int size) {
        return (size + CrvdConfig.STRIDE - 1) / CrvdConfig.STRIDE * CrvdConfig.STRIDE;
    }

    public CrvdConfig config() { return config; }

    public String provenance() { return provenance; }

    public MuNetwork mu() { return network.mu; }

    public ResidualDenoiser denoiser() { return network.denoiser; }

    public ParameterStore parameterStore() { return store; }

    public Model model() { return model; }

    public Device device() { return model.getNDManager().getDevice(); }

    @Override
    public void close() { model.close(); }
}
