package io.inbetween.training;

import io.inbetween.wire.console.ProgressBar;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.inbetween.model.crvd.CosineSchedule;
import io.inbetween.model.crvd.CrvdConfig;
import io.inbetween.model.crvd.CrvdModel;
import io.inbetween.model.crvd.FlowField;
import io.inbetween.model.crvd.MuEstimate;
import io.inbetween.model.crvd.SpaceToDepth;
import io.inbetween.model.crvd.WarpBlend;
import io.inbetween.training.data.TripletSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;

/**
 * The CRVD training loop: stage 1 fits the mu-network (Charbonnier + gradient loss, multi-scale),
 * stage 2 fits the denoiser as an x0-predicting DDPM on the frozen mu's residuals. It checkpoints
 * every few minutes and on request, keeps the weights that score best on held-out triplets, and
 * resumes from its checkpoint with the same result as an uninterrupted run's data and noise.
 */
public final class CrvdTrainer {
    private static final Logger log = LoggerFactory.getLogger(CrvdTrainer.class);
    /** Best weights so far, by held-out PSNR; what gets exported and shipped. */
    public static final String BEST = "best.weights";
    private static final float CLIP_NORM = 1.0f;

    /** What a run ended with. */
    public record Summary(long iteration, TrainingStage stage, HeldOutScore lastScore, double bestScore, Duration trainTime, boolean finished) {}

    private final TrainingPlan plan;
    private final Path dir;
    private final TripletSource source;
    private final HeldOutEvaluation validation;
    private final Device device;
    /** Without a terminal, training progress is a log line this often. */
    static final Duration PROGRESS_LOG_EVERY = Duration.ofSeconds(60);
    private final boolean interactive;
    private Path initialWeights;
    private volatile boolean stopRequested;
    /** Best held-out score so far, and the blend's score on the same set (NaN before the first validation). */
    private double best = Double.NEGATIVE_INFINITY, bestBlend = Double.NaN;
    private long stopAt = Long.MAX_VALUE;

    public CrvdTrainer(TrainingPlan plan, Path dir, TripletSource source, HeldOutEvaluation validation, Device device, boolean interactive) {
        this.plan = plan;
        this.dir = dir;
        this.source = source;
        this.validation = validation;
        this.device = device;
        this.interactive = interactive;
    }

    /** A run with no checkpoint yet starts from these weights instead of random ones (a resumed run ignores it). */
    public void startFrom(Path weights) { this.initialWeights = weights; }

    /** Asks the loop to checkpoint and return after the current iteration (from a shutdown hook). */
    public void requestStop() { stopRequested = true; }

    /** Stops (with a checkpoint) once this iteration is reached, as an interruption would; for tests of resuming. */
    void stopAt(long iteration) { stopAt = iteration; }

    public Summary run(boolean resume) throws IOException, InterruptedException {
        Optional<Checkpoint> checkpoint = resume ? Checkpoint.read(dir) : Optional.empty();
        if (!resume && Files.exists(dir.resolve(Checkpoint.FILE)))
            log.warn("--no-resume: starting over; the checkpoint in {} will be overwritten", dir);
        long seed = checkpoint.map(Checkpoint::seed).orElse(plan.seed());
        if (checkpoint.isPresent() && seed != plan.seed())
            log.warn("resuming with the checkpoint's seed {} (--seed {} ignored)", seed, plan.seed());
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        boolean grown = false;
        CrvdModel opened = checkpoint.isPresent()
                ? CrvdModel.load(checkpoint.get().weights(), dir.resolve(Checkpoint.FILE).toString(), device)
                : initialWeights != null ? CrvdModel.load(initialWeights, device) : CrvdModel.create(CrvdConfig.DEFAULT, device);
        if (checkpoint.isEmpty() && initialWeights != null) log.info("new run from the weights in {}", initialWeights);
        if (opened.config().muHalf() == 0 && CrvdConfig.DEFAULT.muHalf() > 0) {
            // A run started before the 1/2-scale flow level existed grows it and goes on training.
            try (CrvdModel old = opened) {
                opened = old.grow(old.config().withMuHalf(CrvdConfig.DEFAULT.muHalf()));
            }
            grown = true;
            log.info("grew the mu-network by a 1/2-scale flow level ({} channels, output starting at zero)", CrvdConfig.DEFAULT.muHalf());
        }
        try (CrvdModel model = opened) {
            long iteration = checkpoint.map(Checkpoint::iteration).orElse(0L);
            best = checkpoint.map(Checkpoint::bestScore).orElse(Double.NEGATIVE_INFINITY);
            bestBlend = checkpoint.map(Checkpoint::bestBlend).orElse(Double.NaN);
            long trainMillis = checkpoint.map(Checkpoint::trainMillis).orElse(0L);
            log.info("{} at iteration {} of {} ({} parameters, mu-network {}), batch {} of {}x{}, seed {}, device {}",
                    checkpoint.isPresent() ? "resuming" : "starting", iteration, plan.iterations(), model.parameterCount(),
                    model.muParameterCount(), plan.batch(), plan.cropWidth(), plan.cropHeight(), seed, device);
            TrainingStage stage = plan.stageAt(Math.min(iteration, plan.iterations() - 1));
            AdamOptimizer optimizer = optimizerFor(model, stage);
            if (checkpoint.isPresent() && checkpoint.get().stage() == stage && checkpoint.get().optimizer().length > 0)
                optimizer.read(new DataInputStream(new ByteArrayInputStream(checkpoint.get().optimizer())), grown);
            HeldOutScore lastScore = null;
            ProgressBar progress = ProgressBar.forConsole("it", interactive, log::info, PROGRESS_LOG_EVERY);
            double recentLoss = Double.NaN;
            long runStart = System.nanoTime(), lastCheckpoint = runStart, lastValidation = runStart;
            try (TrainingLog records = new TrainingLog(dir, iteration);
                 BatchLoader loader = new BatchLoader(source, plan, seed, iteration)) {
                while (iteration < plan.iterations() && iteration < stopAt && !stopRequested) {
                    TrainingStage now = plan.stageAt(iteration);
                    if (now != stage) {
                        lastScore = validate(model, stage, iteration, records);
                        log.info("stage {} done at iteration {}: {}", stage.label, iteration, lastScore);
                        keepIfBest(model, lastScore, iteration, seed);
                        optimizer.close();
                        stage = now;
                        optimizer = optimizerFor(model, stage);
                    }
                    BatchLoader.Batch batch = loader.take();
                    long t0 = System.nanoTime();
                    double loss = stage == TrainingStage.MU ? muStep(model, batch) : denoiserStep(model, batch);
                    float lr = plan.learningRateAt(iteration);
                    double norm = Double.isFinite(loss) ? optimizer.step(lr) : Double.NaN;
                    if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                        // Rare and not reproducible: the same weights and batch give finite gradients when run
                        // again, so run again and apply that; skip the step only if it stays non-finite.
                        double again = stage == TrainingStage.MU ? muStep(model, batch) : denoiserStep(model, batch);
                        double againNorm = Double.isFinite(again) ? optimizer.step(lr) : Double.NaN;
                        log.warn("iteration {}: non-finite loss {} or gradient norm {}; computed again: loss {}, norm {}, {}",
                                iteration, loss, norm, again, againNorm, Double.isFinite(againNorm) ? "applied" : "step skipped");
                        loss = again;
                        norm = againNorm;
                    }
                    records.loss(iteration, stage, loss, lr, norm, (System.nanoTime() - t0) / 1e9);
                    if (Double.isFinite(loss)) recentLoss = Double.isNaN(recentLoss) ? loss : 0.98 * recentLoss + 0.02 * loss;
                    progress.update(iteration + 1, plan.iterations(), String.format(Locale.ROOT, "%s loss %.5f", stage.label, recentLoss));
                    iteration++;
                    long nowNanos = System.nanoTime();
                    if (nowNanos - lastValidation > plan.validateEvery().toNanos()) {
                        lastValidation = nowNanos;
                        lastScore = validate(model, stage, iteration, records);
                        log.info("iteration {}: {}", iteration, lastScore);
                        keepIfBest(model, lastScore, iteration, seed);
                    }
                    if (nowNanos - lastCheckpoint > plan.checkpointEvery().toNanos()) {
                        lastCheckpoint = nowNanos;
                        save(model, optimizer, stage, iteration, seed, trainMillis + (nowNanos - runStart) / 1_000_000, records);
                    }
                }
                progress.finish(iteration, plan.iterations(), stage.label);
                boolean finished = iteration >= plan.iterations();
                if (finished) {
                    lastScore = validate(model, stage, iteration, records);
                    log.info("training finished at iteration {}: {}", iteration, lastScore);
                    keepIfBest(model, lastScore, iteration, seed);
                }
                long total = trainMillis + (System.nanoTime() - runStart) / 1_000_000;
                save(model, optimizer, stage, iteration, seed, total, records);
                optimizer.close();
                return new Summary(iteration, stage, lastScore, best, Duration.ofMillis(total), finished);
            }
        }
    }

    private static AdamOptimizer optimizerFor(CrvdModel model, TrainingStage stage) {
        var parameters = stage == TrainingStage.MU ? model.mu().getParameters() : model.denoiser().getParameters();
        return new AdamOptimizer(parameters, model.model().getNDManager(), CLIP_NORM);
    }

    private double muStep(CrvdModel model, BatchLoader.Batch b) {
        try (NDManager m = model.model().getNDManager().newSubManager()) {
            Shape shape = new Shape(b.n(), 3, b.height(), b.width());
            NDArray i0 = m.create(b.frame0(), shape), i1 = m.create(b.frame1(), shape), target = m.create(b.middle(), shape);
            NDArray tau = m.create(b.tau()).reshape(b.n(), 1, 1, 1);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss = muLoss(model, i0, i1, target, tau);
                double value = loss.getFloat();
                if (Double.isFinite(value)) gc.backward(loss);
                return value;
            }
        }
    }

    /** The stage-1 loss of a batch (NCHW frames, N111 tau); call it inside a gradient collector. */
    static NDArray muLoss(CrvdModel model, NDArray i0, NDArray i1, NDArray target, NDArray tau) {
        int scale = model.mu().fieldScale();
        // The target at every level's resolution, coarsest first, like FlowField.levelMus.
        LinkedList<NDArray> targets = new LinkedList<>(List.of(WarpBlend.pooled(target, scale)));
        for (int l = 1; l < model.mu().levelCount(); l++) targets.addFirst(WarpBlend.pooled(targets.getFirst(), 2));
        FlowField field = model.mu().estimate(model.parameterStore(), WarpBlend.pooled(i0, i1, scale), tau, true);
        return Losses.mu(WarpBlend.compose(i0, i1, field), field, target, targets);
    }

    private double denoiserStep(CrvdModel model, BatchLoader.Batch b) {
        try (NDManager m = model.model().getNDManager().newSubManager()) {
            int n = b.n();
            Shape shape = new Shape(n, 3, b.height(), b.width());
            NDArray i0 = m.create(b.frame0(), shape), i1 = m.create(b.frame1(), shape), target = m.create(b.middle(), shape);
            NDArray tau = m.create(b.tau());
            // The mu-network is frozen: it runs outside the gradient collector, both ways as when serving.
            FlowField field = model.mu().estimateBothWays(model.parameterStore(), WarpBlend.pooled(i0, i1, model.mu().fieldScale()), tau);
            MuEstimate estimate = WarpBlend.compose(i0, i1, field);
            NDArray condition = model.denoiser().condition(i0, i1, estimate);
            NDArray clean = SpaceToDepth.fold(target.sub(estimate.mu()).divi(model.config().residualScale()));
            float[] alpha = new float[n], sigma = new float[n];
            for (int i = 0; i < n; i++) {
                alpha[i] = (float) CosineSchedule.alpha(b.times()[i]);
                sigma[i] = (float) CosineSchedule.sigma(b.times()[i]);
            }
            NDArray noise = m.create(b.noise(), clean.getShape());
            NDArray noisy = clean.mul(m.create(alpha).reshape(n, 1, 1, 1)).addi(noise.mul(m.create(sigma).reshape(n, 1, 1, 1)));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                var encoded = model.denoiser().encode(model.parameterStore(), condition, true);
                NDArray predicted = model.denoiser().predict(model.parameterStore(), encoded, noisy, m.create(b.times()), tau, true);
                NDArray loss = Losses.denoiser(predicted, clean);
                double value = loss.getFloat();
                if (Double.isFinite(value)) gc.backward(loss);
                return value;
            }
        }
    }

    private HeldOutScore validate(CrvdModel model, TrainingStage stage, long iteration, TrainingLog records) {
        long t0 = System.nanoTime();
        HeldOutScore score = validation.evaluate(model, stage == TrainingStage.DENOISER ? plan.validationSteps() : 0);
        records.validation(iteration, stage, score);
        log.debug("validation took {} s", (System.nanoTime() - t0) / 1e9);
        return score;
    }

    /** Writes best.weights when the score beats the best so far on the same held-out set. */
    private void keepIfBest(CrvdModel model, HeldOutScore score, long iteration, long seed) throws IOException {
        if (!Double.isNaN(bestBlend) && Math.abs(bestBlend - score.blend()) > 1e-6) {
            log.warn("the held-out set changed (blend {} dB, was {} dB): the best score starts again", score.blend(), bestBlend);
            best = Double.NEGATIVE_INFINITY;
        }
        bestBlend = score.blend();
        if (score.primary() > best) {
            best = score.primary();
            model.save(dir.resolve(BEST), String.format("iteration %d of %d, seed %d, held-out %s", iteration, plan.iterations(), seed, score));
            log.info("new best weights at iteration {}: {} dB", iteration, String.format("%.3f", score.primary()));
        }
    }

    private void save(CrvdModel model, AdamOptimizer optimizer, TrainingStage stage, long iteration, long seed,
                      long trainMillis, TrainingLog records) throws IOException {
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(state)) {
            optimizer.write(out);
        }
        byte[] weights = model.encode("checkpoint at iteration " + iteration + ", seed " + seed);
        new Checkpoint(iteration, seed, stage, weights, state.toByteArray(), best, bestBlend, trainMillis).write(dir);
        records.flush();
        // The plot is a convenience: while the JVM shuts down, ImageIO cannot even open a file.
        if (!stopRequested) {
            try {
                records.plot();
            } catch (IOException | RuntimeException e) {
                log.warn("could not draw {}: {}", TrainingLog.PLOT, e.getMessage());
            }
        }
        log.info("checkpoint at iteration {} ({} of training)", iteration, ProgressBar.clock(Duration.ofMillis(trainMillis)));
    }
}
