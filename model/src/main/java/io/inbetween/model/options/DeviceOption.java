package io.inbetween.model.options;

import io.inbetween.model.synthesis.SynthesizerOptions;
import picocli.CommandLine.Option;

/** Where a model runs: {@code --device auto|cpu|gpu|gpu:N}, for serving and for training alike. */
public final class DeviceOption {
    @Option(names = "--device", paramLabel = "DEVICE",
            description = "Where the model runs: auto (the first GPU when PyTorch sees one, else the CPU), cpu, gpu or gpu:N. Default: ${DEFAULT-VALUE}.")
    String device = SynthesizerOptions.DEFAULT_DEVICE;

    public String device() { return device; }
}
