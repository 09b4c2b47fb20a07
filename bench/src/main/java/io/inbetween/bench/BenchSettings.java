package io.inbetween.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the contenders are built; the same in the parent and in each method's child JVM.
 *
 * @param ffmpeg       the ffmpeg executable for minterpolate
 * @param defaultSteps the default diffusion steps K of Inbetween's synthesizer
 * @param crvdWeights  CRVD weights file, or null for the built-in weights
 * @param torchScript  a TorchScript model to compare too, or null
 * @param device       auto, cpu, gpu or gpu:N
 * @param pairsPerCall pairs per synthesizer call
 * @param seed         sampling seed of the stochastic synthesizers
 */
public record BenchSettings(String ffmpeg, int defaultSteps, Path crvdWeights, Path torchScript, String device,
                            int pairsPerCall, long seed) {
    /** The K > 0 compared with K = 0 by default: the K the training scores stage 2 with. */
    public static final int DEFAULT_SAMPLED_STEPS = io.inbetween.training.TrainingPlan.VALIDATION_STEPS;

    public BenchSettings {
        if (defaultSteps < 0 || defaultSteps > 1000) throw new IllegalArgumentException("--steps must be 0..1000, got " + defaultSteps);
        if (pairsPerCall < 1 || pairsPerCall > 256) throw new IllegalArgumentException("--batch-size must be 1..256, got " + pairsPerCall);
        if (crvdWeights != null && !Files.isRegularFile(crvdWeights))
            throw new IllegalArgumentException("CRVD weights " + crvdWeights + " not found");
        if (torchScript != null && !Files.isRegularFile(torchScript))
            throw new IllegalArgumentException("TorchScript model " + torchScript + " not found");
    }

    /** The same settings as command-line options, to hand to a child JVM. */
    List<String> asArguments() {
        List<String> args = new ArrayList<>(List.of("--ffmpeg", ffmpeg, "--steps", Integer.toString(defaultSteps),
                "--device", device, "--batch-size", Integer.toString(pairsPerCall), "--seed", Long.toString(seed)));
        if (crvdWeights != null) args.addAll(List.of("--model", crvdWeights.toString()));
        if (torchScript != null) args.addAll(List.of("--torchscript", torchScript.toString()));
        return args;
    }
}
