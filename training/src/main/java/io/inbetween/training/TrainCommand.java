package io.inbetween.training;

import io.inbetween.model.crvd.ComputeDevice;
import io.inbetween.model.crvd.CrvdModel;
import io.inbetween.model.crvd.WeightsFormatException;
import io.inbetween.training.data.TrainingData;
import io.inbetween.training.data.TripletSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.inbetween.model.options.DeviceOption;
import io.inbetween.wire.console.ProgressBar;
import io.inbetween.wire.options.EnvironmentDefaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code inbetween train}: trains CRVD from the fetched media, resumable, or exports the best weights. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains the CRVD interpolation model (stage 1: mu-network, stage 2: residual denoiser) on the media "
                + "fetched by scripts/fetch-media.sh all. Resumes from the checkpoint in --out, writes loss.csv, "
                + "validation.csv and loss.png there, and keeps best.weights (best held-out PSNR).",
                "Stop it any time (Ctrl-C, SIGTERM): it checkpoints first. Run it again to continue."})
public final class TrainCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(TrainCommand.class);

    @Option(names = "--iterations", defaultValue = "72000", description = "Total optimizer steps over both stages (default: ${DEFAULT-VALUE}, as the shipped run).")
    long iterations;

    @Option(names = "--mu-iterations", defaultValue = "56000", description = "Steps of stage 1, the mu-network; the rest train the denoiser (default: ${DEFAULT-VALUE}).")
    long muIterations;

    @Option(names = "--batch", defaultValue = "4", description = "Triplets per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--crop", defaultValue = "192x192", description = "Training crop WxH, multiples of 32 (default: ${DEFAULT-VALUE}).")
    String crop;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of initialization, data order and noise; a resumed run keeps its checkpoint's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Continue from the checkpoint in --out when there is one; --no-resume starts over (default: ${DEFAULT-VALUE}).")
    boolean resume;

    @Option(names = "--out", defaultValue = "data/train/crvd", description = "Checkpoint and log folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--media", defaultValue = "${sys:inbetween.media:-data/media}", description = "Media folder with videos/ and textures/ (default: ${DEFAULT-VALUE}).")
    Path media;

    @Option(names = "--videos", arity = "1..*", paramLabel = "DIR", description = "Extra folders of your own videos to train on (split like the allowed clips).")
    List<Path> videos = new ArrayList<>();

    @Option(names = "--real-fraction", defaultValue = "0.7", description = "Share of real video triplets; the rest is synthetic motion (default: ${DEFAULT-VALUE}).")
    double realFraction;

    @Option(names = "--lr", defaultValue = "3e-4", description = "Peak Adam learning rate of each stage (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--checkpoint-minutes", defaultValue = "5", description = "Minutes between checkpoints (default: ${DEFAULT-VALUE}).")
    double checkpointMinutes;

    @Option(names = "--validate-minutes", defaultValue = "20", description = "Minutes between held-out validations (default: ${DEFAULT-VALUE}).")
    double validateMinutes;

    @Option(names = "--validation-triplets", defaultValue = "24", description = "Held-out real triplets to validate on (default: ${DEFAULT-VALUE}).")
    int validationTriplets;

    @Mixin DeviceOption device;

    @Option(names = "--init", paramLabel = "FILE",
            description = "Start a new run (no checkpoint in --out yet) from these weights instead of random ones, e.g. the shipped "
                    + "crvd.weights, to train on with other data or crops; the optimizer starts afresh. Default: random weights.")
    Path init;

    @Option(names = "--export", paramLabel = "FILE",
            description = "Do not train: copy the best weights in --out (else the checkpoint's) to FILE after checking they load, e.g. "
                    + "model/src/main/resources/io/inbetween/model/crvd/crvd.weights.")
    Path export;

    @Option(names = "--report", description = "Do not train: print, as Markdown, the held-out PSNR of the best weights in --out "
            + "(else the checkpoint's) at K = 0, 1, 2, 4 against the linear blend, per clip and overall.")
    boolean report;

    @Option(names = "--temperatures", split = ",", paramLabel = "T",
            description = "With --report: also print the mean held-out PSNR at K = 1, 2, 4 for each of these DDIM starting-noise "
                    + "temperatures, e.g. 0,0.1,0.25,0.5 (the per-clip table uses the default, " + CrvdModel.DEFAULT_TEMPERATURE + ").")
    float[] temperatures = {};

    /** The diffusion steps that --report scores. */
    private static final int[] REPORT_STEPS = {0, 1, 2, 4};

    public TrainCommand() {}

    /** Runs training without the launcher, e.g. from a frozen copy of the classes (scripts/train-crvd.sh). */
    public static void main(String[] args) {
        System.exit(EnvironmentDefaults.install(new picocli.CommandLine(new TrainCommand())).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (export != null) return exportWeights();
        if (report) return printReport();
        int[] size = parseCrop(crop);
        TrainingPlan plan = new TrainingPlan(iterations, muIterations, batch, size[0], size[1], seed, learningRate,
                minutes(checkpointMinutes, "--checkpoint-minutes"), minutes(validateMinutes, "--validate-minutes"), TrainingPlan.VALIDATION_STEPS);
        checkMedia();
        for (Path dir : videos) if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--videos " + dir + " is not a folder");
        var dev = ComputeDevice.resolve(device.device());
        TripletSource source = TrainingData.mixed(media, videos, size[0], size[1], realFraction);
        HeldOutEvaluation validation = new HeldOutEvaluation(TrainingData.validation(media, validationTriplets));
        // a run that has a checkpoint resumes from it, and --init (remembered in train.args) is not read
        if (init != null && !Files.exists(out.resolve(Checkpoint.FILE)) && !Files.isRegularFile(init))
            throw new IllegalArgumentException("--init " + init + ": no such file");
        CrvdTrainer trainer = new CrvdTrainer(plan, out, source, validation, dev, System.console() != null);
        if (init != null) trainer.startFrom(init);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            log.info("stop requested: checkpointing before exit");
            trainer.requestStop();
            try {
                done.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            CrvdTrainer.Summary s = trainer.run(resume);
            log.info("{} at iteration {} ({}), best held-out PSNR {} dB, {} of training in total; weights: {}",
                    s.finished() ? "finished" : "stopped", s.iteration(), s.stage().label, String.format("%.3f", s.bestScore()),
                    ProgressBar.clock(s.trainTime()), out.resolve(CrvdTrainer.BEST));
            return 0;
        } finally {
            done.countDown();
        }
    }

    private int exportWeights() throws IOException {
        Path best = out.resolve(CrvdTrainer.BEST);
        byte[] weights;
        String from;
        if (Files.exists(best)) {
            weights = Files.readAllBytes(best);
            from = best.toString();
        } else {
            Checkpoint c = Checkpoint.read(out).orElseThrow(() -> new IllegalArgumentException(
                    "nothing to export: no " + CrvdTrainer.BEST + " or " + Checkpoint.FILE + " in " + out + "; train first"));
            weights = c.weights();
            from = out.resolve(Checkpoint.FILE).toString();
        }
        try (CrvdModel model = CrvdModel.load(weights, from, ai.djl.Device.cpu())) {
            Path parent = export.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(export.getFileName() + ".tmp");
            Files.write(tmp, weights);
            Files.move(tmp, export, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("exported {} ({} bytes, {} parameters; {}) to {}", from, weights.length, model.parameterCount(), model.provenance(), export);
        } catch (WeightsFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return 0;
    }

    private int printReport() throws IOException {
        checkMedia();
        for (float t : temperatures)
            if (!(t >= 0)) throw new IllegalArgumentException("--temperatures must be 0 or more, got " + t);
        Path best = out.resolve(CrvdTrainer.BEST);
        byte[] weights = Files.exists(best) ? Files.readAllBytes(best) : Checkpoint.read(out).orElseThrow(() -> new IllegalArgumentException(
                "nothing to report on: no " + CrvdTrainer.BEST + " or " + Checkpoint.FILE + " in " + out + "; train first")).weights();
        var triplets = TrainingData.validation(media, validationTriplets);
        var windows = TrainingData.validationWindows(media, validationTriplets);
        HeldOutEvaluation evaluation = new HeldOutEvaluation(triplets);
        try (CrvdModel model = CrvdModel.load(weights, best.toString(), ComputeDevice.resolve(device.device()))) {
            double[] blend = evaluation.blendPerTriplet();
            double[][] crvd = new double[REPORT_STEPS.length][];
            for (int k = 0; k < REPORT_STEPS.length; k++) crvd[k] = evaluation.perTriplet(model, REPORT_STEPS[k]);
            StringBuilder md = new StringBuilder();
            md.append("Weights: ").append(model.provenance()).append("\n\n");
            md.append("| held-out triplet | size | tau | blend | K=0 | K=1 | K=2 | K=4 |\n|---|---|---|---|---|---|---|---|\n");
            double[] mean = new double[REPORT_STEPS.length + 1];
            for (int i = 0; i < triplets.size(); i++) {
                var t = triplets.get(i);
                md.append(String.format("| %s | %dx%d | %.2f | %.2f", windows.get(i), t.width(), t.height(), t.tau(), blend[i]));
                mean[0] += blend[i] / triplets.size();
                for (int k = 0; k < REPORT_STEPS.length; k++) {
                    md.append(String.format(" | %.2f", crvd[k][i]));
                    mean[k + 1] += crvd[k][i] / triplets.size();
                }
                md.append(" |\n");
            }
            md.append(String.format("| **mean of %d** | | | **%.2f** | **%.2f** | **%.2f** | **%.2f** | **%.2f** |%n",
                    triplets.size(), mean[0], mean[1], mean[2], mean[3], mean[4]));
            System.out.print(md);
            if (temperatures.length > 0) System.out.print(temperatureTable(evaluation, model, Arrays.copyOfRange(mean, 1, mean.length)));
        } catch (WeightsFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return 0;
    }

    /**
     * Mean PSNR by temperature and K: how much sampled detail costs or gains against the conditional
     * mean. {@code defaultMeans} are the per-clip table's means (default temperature, one per
     * {@link #REPORT_STEPS}): K = 0 does not sample, and the default temperature is not run twice.
     */
    private String temperatureTable(HeldOutEvaluation evaluation, CrvdModel model, double[] defaultMeans) {
        StringBuilder md = new StringBuilder(String.format("%n| temperature"));
        for (int k : REPORT_STEPS) md.append(" | K=").append(k);
        md.append(" |\n|---").append("|---".repeat(REPORT_STEPS.length)).append("|\n");
        for (float t : temperatures) {
            md.append("| ").append(t);
            for (int k = 0; k < REPORT_STEPS.length; k++) {
                double mean = REPORT_STEPS[k] == 0 || t == CrvdModel.DEFAULT_TEMPERATURE ? defaultMeans[k]
                        : Arrays.stream(evaluation.perTriplet(model, REPORT_STEPS[k], t)).average().orElse(Double.NaN);
                md.append(String.format(" | %.2f", mean));
            }
            md.append(" |\n");
        }
        return md.toString();
    }

    private void checkMedia() {
        if (!Files.isDirectory(media.resolve("videos")) || !Files.isDirectory(media.resolve("textures")))
            throw new IllegalArgumentException("no media in " + media.toAbsolutePath() + " (videos/ and textures/): run scripts/fetch-media.sh all, or pass --media");
    }

    static int[] parseCrop(String crop) {
        String[] p = crop.toLowerCase().split("x");
        try {
            if (p.length == 2) return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
        } catch (NumberFormatException ignored) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--crop must look like 128x128, got '" + crop + "'");
    }

    private static Duration minutes(double m, String option) {
        if (!(m > 0)) throw new IllegalArgumentException(option + " must be positive, got " + m);
        return Duration.ofMillis((long) (m * 60_000));
    }
}
