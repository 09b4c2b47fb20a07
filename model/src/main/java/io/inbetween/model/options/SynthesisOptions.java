package io.inbetween.model.options;

import io.inbetween.model.synthesis.SynthesizerOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Which synthesizer makes the frames and how: the options of every command that runs one. */
public final class SynthesisOptions {
    /** PyTorch reads its intra-op thread count from this property when its engine loads. */
    public static final String TORCH_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    @Option(names = "--synthesizer", paramLabel = "KIND",
            description = "crvd (the trained model), blend (linear cross-fade, no model) or torchscript:PATH (a TorchScript file). Default: ${DEFAULT-VALUE}.")
    String synthesizer = SynthesizerOptions.DEFAULT_KIND;

    @Mixin DeviceOption device;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Most pairs per synthesizer call (a model runs them in one forward pass). Default: ${DEFAULT-VALUE}.")
    int batchSize = SynthesizerOptions.DEFAULT_BATCH_SIZE;

    @Option(names = "--model", paramLabel = "FILE", description = "CRVD weights to use instead of the built-in ones.")
    Path model;

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads of the model's engine. Default: the number of cores (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    /** Checks the options (a bad one is a usage error with a one-line reason) and sets the engine's threads. */
    public SynthesizerOptions synthesizerOptions(CommandSpec spec) {
        if (threads < 1) throw new ParameterException(spec.commandLine(), "--threads must be 1 or more, got " + threads);
        if (model != null && !Files.isRegularFile(model))
            throw new ParameterException(spec.commandLine(), "--model " + model + ": no such file");
        SynthesizerOptions options;
        try {
            options = new SynthesizerOptions(synthesizer, device.device(), batchSize, model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (System.getProperty(TORCH_THREADS_PROPERTY) == null) System.setProperty(TORCH_THREADS_PROPERTY, Integer.toString(threads));
        return options;
    }

    public int batchSize() { return batchSize; }
}
