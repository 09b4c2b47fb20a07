package io.inbetween.model.synthesis;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which synthesizer to build and how.
 *
 * @param kind      "crvd" (the built-in model), "blend" (linear cross-fade) or "torchscript:PATH"
 * @param device    "auto" (a GPU when one is present, else the CPU), "cpu", "gpu" or "gpu:N"
 * @param batchSize frames per forward pass for model backends
 * @param modelPath weights of the model, or null for the built-in weights
 */
public record SynthesizerOptions(String kind, String device, int batchSize, Path modelPath) {
    public static final String DEFAULT_KIND = "crvd";
    public static final String DEFAULT_DEVICE = "auto";
    /**
     * One pair per forward pass: on this 2-core CPU, 480p, K = 0, batch 1 made a 5 s clip as fast as
     * batch 4 (34.5 against 44.8 s end to end, in turn) at 1.84 GB peak RSS against 3.42 GB; a GPU
     * wants more (docs/gpu.md).
     */
    public static final int DEFAULT_BATCH_SIZE = 1;
    /** The devices {@link io.inbetween.model.crvd.ComputeDevice} knows. */
    private static final Pattern DEVICES = Pattern.compile("auto|cpu|gpu(:\\d+)?");

    public SynthesizerOptions {
        if (kind == null || kind.isBlank())
            throw new IllegalArgumentException("no synthesizer given; valid: " + SynthesizerFactory.VALID_KINDS);
        kind = kind.strip();
        device = device == null ? DEFAULT_DEVICE : device.strip().toLowerCase(Locale.ROOT);
        if (!DEVICES.matcher(device).matches())
            throw new IllegalArgumentException("unknown device '" + device + "'; valid: auto, cpu, gpu, gpu:N");
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be 1 or more, got " + batchSize);
    }

    /** The defaults: the built-in CRVD model with its own weights on the automatically chosen device. */
    public static SynthesizerOptions defaults() {
        return new SynthesizerOptions(DEFAULT_KIND, DEFAULT_DEVICE, DEFAULT_BATCH_SIZE, null);
    }

    /** The file named by "torchscript:PATH", or null when the kind is not a TorchScript one or has no path. */
    public Path torchScriptPath() {
        if (!kind.startsWith(SynthesizerFactory.TORCHSCRIPT_PREFIX)) return null;
        String path = kind.substring(SynthesizerFactory.TORCHSCRIPT_PREFIX.length()).strip();
        return path.isEmpty() ? null : Path.of(path);
    }
}
