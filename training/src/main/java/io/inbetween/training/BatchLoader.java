package io.inbetween.training;

import io.inbetween.model.crvd.GaussianNoise;
import io.inbetween.training.data.Triplet;
import io.inbetween.training.data.TripletSource;

import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Makes the batches of iterations first, first + 1, ... on a background thread while the model
 * trains. Iteration i draws everything (triplets, diffusion times, noise) from a generator seeded
 * by (seed, i), so a run is reproducible from its seed and resumes mid-way with no other state.
 */
final class BatchLoader implements AutoCloseable {
    /**
     * One batch, planar CHW floats in [0,1], {@code n} frames of {@code width x height} each.
     *
     * @param times diffusion times t in [0,1), one per triplet (used by stage 2)
     * @param noise standard normal noise, one folded residual per triplet (stage 2 only, else empty)
     */
    record Batch(long iteration, int n, int width, int height, float[] frame0, float[] middle, float[] frame1,
                 float[] tau, float[] times, float[] noise) {}

    private final TripletSource source;
    private final TrainingPlan plan;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    private final Thread worker;

    BatchLoader(TripletSource source, TrainingPlan plan, long seed, long firstIteration) {
        this.source = source;
        this.plan = plan;
        worker = new Thread(() -> produce(seed, firstIteration), "batch-loader");
        worker.setDaemon(true);
        worker.start();
    }

    static Random randomFor(long seed, long iteration) {
        return new Random(seed * 0x9E3779B97F4A7C15L + iteration * 0xBF58476D1CE4E5B9L);
    }

    private void produce(long seed, long first) {
        try {
            for (long i = first; i < plan.iterations(); i++) queue.put(make(seed, i));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            try {
                queue.put(e);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Batch make(long seed, long iteration) {
        Random rng = randomFor(seed, iteration);
        int n = plan.batch(), w = plan.cropWidth(), h = plan.cropHeight(), size = 3 * w * h;
        float[] f0 = new float[n * size], mid = new float[n * size], f1 = new float[n * size], tau = new float[n];
        for (int b = 0; b < n; b++) {
            Triplet t = source.next(rng);
            if (t.width() != w || t.height() != h)
                throw new IllegalStateException("training data gave a " + t.width() + "x" + t.height() + " triplet, expected the crop " + w + "x" + h);
            System.arraycopy(t.frame0(), 0, f0, b * size, size);
            System.arraycopy(t.middle(), 0, mid, b * size, size);
            System.arraycopy(t.frame1(), 0, f1, b * size, size);
            tau[b] = t.tau();
        }
        float[] times = new float[n];
        float[] noise = new float[0];
        if (plan.stageAt(iteration) == TrainingStage.DENOISER) {
            for (int b = 0; b < n; b++) times[b] = rng.nextFloat();
            noise = new float[n * size];
            GaussianNoise.fill(rng.nextLong(), 1f, noise, 0, noise.length);
        }
        return new Batch(iteration, n, w, h, f0, mid, f1, tau, times, noise);
    }

    /** The next batch, in iteration order. */
    Batch take() throws InterruptedException {
        Object next = queue.take();
        if (next instanceof RuntimeException e) throw new IllegalStateException("training data failed: " + e.getMessage(), e);
        return (Batch) next;
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
