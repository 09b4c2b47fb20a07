package io.inbetween.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.inbetween.model.crvd.CrvdModel;
import io.inbetween.training.data.TrainingData;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs the same stage-1 step (same weights, same batch) many times and counts gradients that
 * differ from the first or are not finite: the tool behind the "rare non-finite gradients" note
 * in docs/training.md. Not a test; nothing is asserted.
 *
 * Usage: GradientDeterminismProbe CHECKPOINT_DIR PASSES   (media from data/media)
 * Findings so far (600 passes each): G1 (default GC) about 5 differ and 1 non-finite; the same
 * with one PyTorch thread, and with the inputs copied into PyTorch-owned memory, the same;
 * Epsilon GC (no collection at all) 0 in 500; pure-Java random data instead of decoded video 1.
 */
public final class GradientDeterminismProbe {
    public static void main(String[] args) throws Exception {
        int reps = Integer.parseInt(args[1]);
        Checkpoint c = Checkpoint.read(Path.of(args[0])).orElseThrow();
        TrainingPlan plan = new TrainingPlan(60000, 44000, 4, 192, 192, 1, 3e-4f, Duration.ofHours(5), Duration.ofHours(5), 4);
        var source = TrainingData.mixed(Path.of("data/media"), List.of(), 192, 192, 0.5);
        BatchLoader loader = new BatchLoader(source, plan, 1, c.iteration());
        BatchLoader.Batch b = loader.take();
        loader.close();
        try (CrvdModel model = CrvdModel.load(c.weights(), "ckpt", Device.cpu());
             AdamOptimizer opt = new AdamOptimizer(model.mu().getParameters(), model.model().getNDManager(), 1f)) {
            double ref = Double.NaN;
            int bad = 0, differ = 0;
            for (int i = 0; i < reps; i++) {
                try (NDManager m = model.model().getNDManager().newSubManager()) {
                    Shape shape = new Shape(b.n(), 3, b.height(), b.width());
                    NDArray i0 = m.create(b.frame0(), shape), i1 = m.create(b.frame1(), shape), target = m.create(b.middle(), shape);
                    NDArray tau = m.create(b.tau()).reshape(b.n(), 1, 1, 1);
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        gc.backward(CrvdTrainer.muLoss(model, i0, i1, target, tau));
                    }
                }
                double norm = opt.step(0f); // learning rate 0: measures and zeroes, changes nothing
                if (!Double.isFinite(norm)) bad++;
                if (Double.isNaN(ref)) ref = norm;
                else if (norm != ref) differ++;
                if (i % 100 == 0) System.out.println(i + ": norm " + norm + " bad " + bad + " differ " + differ);
            }
            System.out.println(reps + " passes: " + bad + " non-finite, " + differ + " with another norm than the first (" + ref + ")");
        }
    }
}
