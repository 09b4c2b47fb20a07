package io.inbetween.training;

import java.time.Duration;

/**
 * What a training run does.
 *
 * @param iterations      total optimizer steps over both stages
 * @param muIterations    steps of stage 1 (the mu-network); the rest train the denoiser
 * @param batch           triplets per step
 * @param cropWidth       training crop width (a multiple of 32)
 * @param cropHeight      training crop height (a multiple of 32)
 * @param seed            fixes initialization, data order and diffusion noise
 * @param learningRate    peak Adam learning rate of each stage
 * @param checkpointEvery wall time between checkpoints
 * @param validateEvery   wall time between validations on held-out triplets
 * @param validationSteps K used to score the model during stage 2 ({@link #VALIDATION_STEPS}; the product's default K is a separate choice)
 */
public record TrainingPlan(long iterations, long muIterations, int batch, int cropWidth, int cropHeight, long seed,
                           float learningRate, Duration checkpointEvery, Duration validateEvery, int validationSteps) {
    /** Warm-up steps at the start of each stage. */
    static final int WARMUP = 200;
    /** The share of each stage at its end over which the rate decays (cosine) to 5%. */
    static final double DECAY_SHARE = 0.3;

    /** The K stage 2 is scored with: the largest K the benchmark reports; not the product's default, which is chosen by measurement. */
    public static final int VALIDATION_STEPS = 4;

    public TrainingPlan {
        if (iterations < 1) throw new IllegalArgumentException("--iterations must be at least 1, got " + iterations);
        if (muIterations < 0 || muIterations > iterations)
            throw new IllegalArgumentException("--mu-iterations must lie in [0, iterations=" + iterations + "], got " + muIterations);
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        if (cropWidth < 32 || cropHeight < 32 || cropWidth % 32 != 0 || cropHeight % 32 != 0)
            throw new IllegalArgumentException("--crop must be WxH with multiples of 32, at least 32x32, got " + cropWidth + "x" + cropHeight);
        if (!(learningRate > 0 && learningRate < 1)) throw new IllegalArgumentException("--lr must lie in (0,1), got " + learningRate);
    }

    TrainingStage stageAt(long iteration) { return TrainingStage.at(iteration, muIterations); }

    /** Linear warm-up, a plateau, then cosine decay over the last part of the stage. */
    float learningRateAt(long iteration) {
        boolean mu = iteration < muIterations;
        long start = mu ? 0 : muIterations, length = mu ? muIterations : iterations - muIterations;
        long i = iteration - start;
        double factor = 1;
        if (i < WARMUP) factor = (i + 1.0) / WARMUP;
        long decayStart = (long) (length * (1 - DECAY_SHARE));
        if (i >= decayStart && length > decayStart) {
            double p = (double) (i - decayStart) / (length - decayStart);
            factor = Math.min(factor, 0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * p)));
        }
        return (float) (learningRate * factor);
    }
}
