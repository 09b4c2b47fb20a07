package io.inbetween.bench;

import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.model.synthesis.SynthesisException;
import io.inbetween.wire.RgbFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One method over the whole plan, in a JVM of its own (started by {@link BenchCommand}), so that
 * its peak memory is its own and a crash or leak cannot touch the other methods' numbers.
 * Results go to a {@link ResultFile}.
 */
@Command(name = "bench-method", description = "Internal: runs one benchmark method; started by 'inbetween bench'.")
public final class MethodRun implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(MethodRun.class);

    @Option(names = "--method", required = true) String method;
    @Option(names = "--plan", required = true) String planName;
    @Option(names = "--run", required = true, paramLabel = "CLIP:FIRST:COUNT") List<String> runs;
    @Option(names = "--resolution", required = true) List<String> resolutions;
    @Option(names = "--factor", required = true) List<Integer> factors;
    @Option(names = "--throughput-clip") String throughputClip;
    @Option(names = "--media", required = true) Path media;
    @Option(names = "--result", required = true) Path result;
    @Option(names = "--ffmpeg", defaultValue = "ffmpeg") String ffmpeg;
    @Option(names = "--steps", defaultValue = "0") int steps;
    @Option(names = "--model") Path model;
    @Option(names = "--torchscript") Path torchScript;
    @Option(names = "--device") String device = SynthesizerOptions.DEFAULT_DEVICE;
    @Option(names = "--batch-size") int batchSize = SynthesizerOptions.DEFAULT_BATCH_SIZE;
    @Option(names = "--seed", defaultValue = "0") long seed;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new MethodRun()).execute(args));
    }

    @Override
    public Integer call() {
        ResultFile out = new ResultFile(result);
        try {
            BenchPlan plan = new BenchPlan(planName, runs.stream().map(FrameRun::parse).toList(),
                    resolutions.stream().map(Resolution::ofLabel).toList(), factors.stream().map(Protocol::new).toList(), throughputClip);
            BenchSettings settings = new BenchSettings(ffmpeg, steps, model, torchScript, device, batchSize, seed);
            Map<String, List<RgbFrame>> frames = decode(plan);
            // the scorer's buffers are sized once, before the baseline, so that scoring never shows as the method's memory
            FrameScores.Scorer scorer = new FrameScores.Scorer();
            frames.values().stream().map(f -> f.get(0)).max(Comparator.comparingInt(RgbFrame::byteSize))
                    .ifPresent(f -> scorer.score(f, f));
            long baseline = PeakMemory.ofThisProcess();
            InterpolationMethod m;
            try {
                m = MethodCatalog.open(method, settings);
            } catch (SynthesisException e) {
                log.warn("{} is unavailable: {}", method, e.getMessage());
                out.error(e.getMessage(), true);
                return 0;
            }
            try (m) {
                out.description(m.description());
                log.info("{}: {}", method, m.description());
                score(plan, frames, m, scorer, out);
                long external = m.externalPeakRssBytes();
                out.memory(external >= 0 ? external : PeakMemory.ofThisProcess(), external >= 0 ? -1 : baseline);
                if (plan.throughputClip() != null) out.throughput(throughput(plan, m));
            }
            return 0;
        } catch (RuntimeException e) {
            log.error("{} failed: {}", method, e.getMessage(), e);
            out.error(e.getMessage() != null ? e.getMessage() : e.toString(), false);
            return 1;
        }
    }

    /** Every window at every resolution, decoded up front so that decoding is never timed. */
    private Map<String, List<RgbFrame>> decode(BenchPlan plan) {
        Map<String, List<RgbFrame>> frames = new LinkedHashMap<>();
        for (Resolution r : plan.resolutions())
            for (FrameRun w : plan.windows())
                frames.put(key(w, r), ClipDecoder.decode(clip(w.clip()), w, r));
        return frames;
    }

    private void score(BenchPlan plan, Map<String, List<RgbFrame>> frames, InterpolationMethod m, FrameScores.Scorer scorer,
                       ResultFile out) {
        for (Resolution r : plan.resolutions())
            for (FrameRun w : plan.windows())
                for (Protocol p : plan.protocols()) {
                    List<RgbFrame> window = frames.get(key(w, r));
                    List<RgbFrame> inputs = p.inputs(window), truths = p.truths(window);
                    m.warmUp(inputs, p.factor());
                    long start = System.nanoTime();
                    List<RgbFrame> made = m.interpolate(inputs, p.factor());
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (made.size() != truths.size())
                        throw new IllegalStateException(method + " made " + made.size() + " frames, the task has " + truths.size());
                    double psnr = 0, ssim = 0, gmsd = 0;
                    for (int i = 0; i < made.size(); i++) {
                        FrameScores s = scorer.score(truths.get(i), made.get(i));
                        psnr += s.psnr();
                        ssim += s.ssim();
                        gmsd += s.gmsd();
                    }
                    int n = made.size();
                    RgbFrame size = window.get(0);
                    ClipResult result = new ClipResult(method, w.name(), r, size.width(), size.height(), p.factor(), n,
                            psnr / n, ssim / n, gmsd / n, seconds);
                    out.clip(result);
                    log.info("{} {} {} {}x{}: PSNR {} dB, SSIM {}, GMSD {}, {} frames/s", method, w.name(), p.label(), size.width(),
                            size.height(), fmt(result.psnr()), fmt(result.ssim()), fmt(result.gmsd()), fmt(result.fps()));
                }
    }

    /** Every consecutive pair of the throughput clip, 2x, at its own size. */
    private ThroughputResult throughput(BenchPlan plan, InterpolationMethod m) {
        List<RgbFrame> all = ClipDecoder.decodeAll(clip(plan.throughputClip()), Resolution.NATIVE);
        m.warmUp(all, 2);
        long start = System.nanoTime();
        List<RgbFrame> made = m.interpolate(all, 2);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info("{} in-process on {}: {} frames in {} s", method, plan.throughputClip(), made.size(), fmt(seconds));
        return new ThroughputResult(method, plan.throughputClip(), all.get(0).width(), all.get(0).height(), all.size(), made.size(), seconds);
    }

    private Path clip(String name) { return media.resolve("videos").resolve(name); }

    private static String key(FrameRun w, Resolution r) { return w.argument() + "@" + r.label(); }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.4g", v); }
}
