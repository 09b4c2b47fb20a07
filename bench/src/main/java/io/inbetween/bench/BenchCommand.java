package io.inbetween.bench;

import io.inbetween.model.options.DeviceOption;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.wire.ConfigKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code inbetween bench}: quality and speed of Inbetween's synthesizers, ffmpeg's minterpolate,
 * the linear blend and frame duplication, on held-out windows of real clips, in one run on one
 * machine. Each method runs in a JVM of its own ({@link MethodRun}); the results become a stamped
 * Markdown table and a PNG plot.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Benchmarks frame interpolation: quality and speed against ffmpeg minterpolate.",
                "Measures quality (PSNR, SSIM, GMSD) and speed (synthesized frames/s, peak memory)",
                "on real held-out video for Inbetween's synthesizers, ffmpeg minterpolate, the linear",
                "blend and frame duplication, plus the upscale pipeline's overhead. Writes a Markdown",
                "table and a PNG plot.",
                "Methods that cannot start in this build (CRVD before its weights exist) are",
                "reported as not measured, not fatal."},
        footer = {"", "Examples:",
                "  inbetween bench --quick      a couple of minutes: 3 clips, native size",
                "  inbetween bench              the full run; updates bench/README.md",
                "  inbetween bench --methods blend,minterpolate --no-pipeline",
                "", ConfigKeys.ENVIRONMENT_NOTE})
public final class BenchCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(BenchCommand.class);
    private static final String END_TO_END = "Instead: time 'inbetween upscale' against 'ffmpeg minterpolate', whole processes in turn, on 480p "
            + "and 720p clips of 5 and 30 s (--quick: 480p 5 s): wall, CPU, peak RSS, first frame and progress curve.";

    @Option(names = "--quick", description = "Three short windows at native size only (a couple of minutes), for CI; leaves the README alone.")
    boolean quick;

    @Option(names = "--large-motion", description = "Instead of the full set: the large-motion group, held-out windows whose median motion "
            + "between inputs at 480p is 20 px or more (slow footage subsampled in time), 2x at 480p; leaves the README alone.")
    boolean largeMotion;

    /** Whole processes as a user runs them; see bench/README.md, "End to end". */
    @Option(names = "--end-to-end", description = END_TO_END)
    boolean endToEnd;

    @Option(names = "--methods", split = ",", paramLabel = "ID",
            description = "Methods to run: crvd-kN (N diffusion steps), torchscript, blend, duplicate, minterpolate, minterpolate-noscd. "
                    + "Default: crvd-k0, crvd-k<--steps>, torchscript (with --torchscript), blend, duplicate, minterpolate, minterpolate-noscd.")
    List<String> methods;

    @Option(names = "--steps", paramLabel = "K", description = "Default diffusion steps K of Inbetween's synthesizer (compared with K = 0). Default: ${DEFAULT-VALUE}.")
    int steps = BenchSettings.DEFAULT_SAMPLED_STEPS;

    @Option(names = "--torchscript", paramLabel = "FILE", description = "Also benchmark this TorchScript interpolation model.")
    Path torchScript;

    @Option(names = "--model", paramLabel = "FILE", description = "CRVD weights to use instead of the built-in ones.")
    Path model;

    @Mixin DeviceOption device;

    @Option(names = "--batch-size", paramLabel = "N", description = "Pairs per synthesizer call. Default: ${DEFAULT-VALUE}.")
    int batchSize = SynthesizerOptions.DEFAULT_BATCH_SIZE;

    @Option(names = "--seed", paramLabel = "N", description = "Sampling seed of the stochastic synthesizers. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--ffmpeg", defaultValue = "ffmpeg", paramLabel = "PATH", description = "The ffmpeg executable that runs minterpolate. Default: ${DEFAULT-VALUE}.")
    String ffmpeg;

    @Option(names = "--media", paramLabel = "DIR", defaultValue = "${sys:inbetween.media:-${sys:inbetween.repo:-.}/data/media}",
            description = "Media folder from scripts/fetch-media.sh. Default: ${DEFAULT-VALUE}.")
    Path media;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "${sys:inbetween.repo:-.}/bench/results",
            description = "Where the Markdown report and the PNG plot go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--readme", paramLabel = "FILE", defaultValue = "${sys:inbetween.repo:-.}/bench/README.md",
            description = "README whose latest-results section a full run replaces. Default: ${DEFAULT-VALUE}.")
    Path readme;

    @Option(names = "--pipeline", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Time 'inbetween upscale' end to end against the in-process synthesizer. Default: ${DEFAULT-VALUE}.")
    boolean pipeline;

    @Option(names = "--method-timeout", paramLabel = "MIN", defaultValue = "180",
            description = "Minutes one method (or the upscale run) may take before it is stopped. Default: ${DEFAULT-VALUE}.")
    long timeoutMinutes;

    @Override
    public Integer call() throws IOException {
        if (endToEnd) return endToEnd();
        long started = System.nanoTime();
        BenchSettings settings = new BenchSettings(ffmpeg, steps, model, torchScript, device.device(), batchSize, seed);
        List<String> ids = methods == null || methods.isEmpty() ? MethodCatalog.defaultIds(settings) : List.copyOf(methods);
        for (String id : ids) MethodCatalog.validate(id, settings);
        if (timeoutMinutes < 1) throw new IllegalArgumentException("--method-timeout must be at least 1 minute");
        checkMedia();
        if (quick && largeMotion) throw new IllegalArgumentException("--quick and --large-motion are different plans; choose one");
        // fails at once on a missing clip
        BenchPlan plan = quick ? BenchPlan.quick(media) : largeMotion ? BenchPlan.largeMotion(media) : BenchPlan.full(media);
        if (pipeline) ClipDecoder.requireClip(clip(plan.throughputClip()));
        MachineStamp stamp = MachineStamp.capture(repo(), ffmpeg);
        Files.createDirectories(out);
        log.info("bench {}: {} on {} windows x {} sizes x {} tasks; {}", plan.name(), String.join(", ", ids),
                plan.windows().size(), plan.resolutions().size(), plan.protocols().size(), stamp.line());

        List<MethodOutcome> outcomes = new ArrayList<>();
        List<PipelineThroughput.Result> pipelines = new ArrayList<>();
        Path work = Files.createTempDirectory("inbetween-bench");
        try {
            for (String id : ids) {
                MethodOutcome o = runMethod(id, settings, plan, work);
                outcomes.add(o);
                if (!o.ok()) log.warn("{}: {}{}", id, o.unavailable() ? "unavailable: " : "FAILED: ", o.error());
                if (o.ok() && o.throughput() != null) pipelines.add(pipelineOf(o, settings, plan));
            }
        } finally {
            try (var files = Files.list(work)) { for (Path f : files.toList()) Files.deleteIfExists(f); }
            Files.deleteIfExists(work);
        }

        BenchRun run = new BenchRun(plan, stamp, settings, outcomes, pipelines, (System.nanoTime() - started) / 1e9);
        String base = stamp.date() + "-" + stamp.commit() + "-" + plan.name();
        Path report = out.resolve(base + ".md"), png = out.resolve(base + ".png");
        QualitySpeedPlot.write(run, png);
        Files.writeString(report, "# Inbetween benchmark\n\n" + MarkdownReport.render(run, png.getFileName().toString()));
        boolean explicit = methods != null && !methods.isEmpty();
        if (!quick && !largeMotion && !explicit) { // the README shows complete runs only
            Path dir = readme.toAbsolutePath().getParent();
            BenchReadme.update(readme, MarkdownReport.readmeSection(run, rel(dir, report), rel(dir, png)));
        }
        log.info("bench: wrote {} and {} in {}", report, png, MarkdownReport.duration(run.wallSeconds()));
        System.out.println(report);

        // unavailable default methods are gaps to report; a failure, or a method the user asked for missing, is not success
        List<String> problems = new ArrayList<>();
        for (MethodOutcome o : outcomes)
            if (!o.ok() && (!o.unavailable() || explicit || o.method().equals(MethodCatalog.TORCHSCRIPT))) problems.add(o.method() + ": " + o.error());
        for (PipelineThroughput.Result r : pipelines)
            if (r.notMeasured() != null && r.notMeasured().startsWith("failed")) problems.add("pipeline " + r.method() + ": " + r.notMeasured());
        if (!problems.isEmpty())
            throw new IllegalStateException(problems.size() + " measurement(s) failed (see " + report.getFileName() + "): " + problems.get(0));
        return 0;
    }

    private MethodOutcome runMethod(String id, BenchSettings settings, BenchPlan plan, Path work) {
        Path result = work.resolve(id + ".tsv");
        List<String> args = new ArrayList<>(List.of("--method", id, "--plan", plan.name(),
                "--media", media.toAbsolutePath().toString(), "--result", result.toString()));
        for (FrameRun r : plan.windows()) args.addAll(List.of("--run", r.argument()));
        for (Resolution r : plan.resolutions()) args.addAll(List.of("--resolution", r.label()));
        for (Protocol p : plan.protocols()) args.addAll(List.of("--factor", Integer.toString(p.factor())));
        if (pipeline && MethodCatalog.isSynthesizer(id)) args.addAll(List.of("--throughput-clip", plan.throughputClip()));
        args.addAll(settings.asArguments());
        log.info("bench: running {} in its own JVM", id);
        try (ChildProcess child = ChildProcess.start(new ProcessBuilder(ChildJvm.command(MethodRun.class.getName(), args))
                .inheritIO().redirectInput(ProcessBuilder.Redirect.PIPE))) {
            OptionalInt exit = child.waitFor(timeoutMinutes, TimeUnit.MINUTES);
            if (exit.isEmpty())
                return MethodOutcome.failed(id, "did not finish in " + timeoutMinutes + " min (--method-timeout) and was stopped", false);
            MethodOutcome o = new ResultFile(result).read(id);
            if (exit.getAsInt() != 0 && o.ok())
                return MethodOutcome.failed(id, "its JVM exited with code " + exit.getAsInt() + " without a reason; see the log above", false);
            return o;
        } catch (IOException e) {
            return MethodOutcome.failed(id, "cannot start a JVM: " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + id + " was running", e);
        }
    }

    private PipelineThroughput.Result pipelineOf(MethodOutcome o, BenchSettings settings, BenchPlan plan) {
        try {
            return PipelineThroughput.measure(o.method(), o.throughput(), clip(plan.throughputClip()), settings, timeoutMinutes);
        } catch (RuntimeException e) {
            log.warn("pipeline {}: {}", o.method(), e.getMessage());
            return PipelineThroughput.Result.notMeasured(o.method(), o.throughput(), "failed: " + e.getMessage());
        }
    }

    private void checkMedia() {
        if (!Files.isDirectory(media.resolve("videos")))
            throw new IllegalArgumentException("no media folder " + media.resolve("videos") + "; run scripts/fetch-media.sh (or pass --media DIR)");
    }

    private Path clip(String name) { return media.toAbsolutePath().resolve("videos").resolve(name); }

    private int endToEnd() throws IOException {
        checkMedia();
        MachineStamp stamp = MachineStamp.capture(repo(), ffmpeg);
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("inbetween-e2e");
        try {
            List<EndToEnd.Comparison> all = EndToEnd.compare(repo(), EndToEnd.clips(media, work, quick), work);
            String name = stamp.date() + "-" + stamp.commit() + "-e2e" + (quick ? "-quick" : "");
            Path png = out.resolve(name + ".png"), md = out.resolve(name + ".md");
            EndToEnd.plot(all, png);
            Files.writeString(md, EndToEnd.report(all, stamp, png.getFileName().toString()));
            System.out.print(Files.readString(md));
            log.info("end to end: report {} and plot {}", md, png);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            try (var paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path repo() { return Path.of(System.getProperty("inbetween.repo", ".")); }

    private static String rel(Path dir, Path file) { return dir.relativize(file.toAbsolutePath()).toString(); }
}
