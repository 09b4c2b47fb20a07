package io.inbetween.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/** The benchmark's Markdown: a stamped header, the mean table, per-clip tables, the pipeline ratio, and what was not measured. */
public final class MarkdownReport {
    private MarkdownReport() {}

    public static String render(BenchRun run, String plotFile) {
        return "## Benchmark: " + run.plan().name() + " run\n\n" + header(run) + "\n![quality against speed](" + plotFile + ")\n\n" + summary(run) + pipeline(run) + perClip(run)
                + gaps(run) + methods(run);
    }

    /** The part shown in the README: header, means, pipeline, plot, and a link to the full report. */
    public static String readmeSection(BenchRun run, String reportLink, String plotLink) {
        return header(run) + "\nFull report with per-clip scores: [" + reportLink + "](" + reportLink + ")\n\n![quality against speed]("
                + plotLink + ")\n\n" + summary(run) + pipeline(run) + gaps(run);
    }

    static String header(BenchRun run) {
        BenchPlan plan = run.plan();
        StringBuilder s = new StringBuilder();
        s.append(run.stamp().line()).append(" · wall time ").append(duration(run.wallSeconds())).append("\n\n");
        s.append("Clips (held-out windows): ");
        List<String> windows = new ArrayList<>();
        for (FrameRun w : plan.windows())
            windows.add("`" + w.clip() + "` frames " + w.first() + "–" + w.last() + (w.stride() == 1 ? "" : ", 1 in " + w.stride()));
        s.append(String.join(", ", windows)).append(". Sizes: ");
        s.append(String.join(", ", plan.resolutions().stream().map(Resolution::label).toList())).append(". ");
        BenchSettings set = run.settings();
        s.append(f("Synthesizer settings: default K = %d, seed %d, %d pairs per call, device %s%s.%n%n", set.defaultSteps(), set.seed(),
                set.pairsPerCall(), set.device(), set.torchScript() == null ? "" : ", TorchScript model " + set.torchScript().getFileName()));
        s.append("""
                Protocol: for 2x the even frames of a window are the inputs and the odd frames the ground truth; \
                for 4x frames 0, 4, 8, … are the inputs and the three between each pair the truth. \
                Scores are means over the synthesized frames of a clip, then over clips. \
                PSNR over RGB 0–255 (identical frames count as 100 dB); SSIM with an 11×11 Gaussian window (σ = 1.5) per channel; \
                GMSD (gradient magnitude similarity deviation) punishes blur and ghosting, lower is better. \
                Speed is synthesized frames per second on this machine in this run, one method at a time, each in its own process; \
                × minterpolate is the ratio to ffmpeg's minterpolate (scene detection on) on the same task. \
                Peak RSS is the resident memory high-water mark of the process doing the work: the JVM for Inbetween's methods \
                (baseline = the JVM with the decoded frames, before the method started), ffmpeg for minterpolate.
                """);
        return s.toString();
    }

    static String summary(BenchRun run) {
        StringBuilder s = new StringBuilder("\n### Mean over clips\n\n");
        s.append("| task | method | PSNR dB ↑ | SSIM ↑ | GMSD ↓ | frames/s ↑ | × minterpolate | peak RSS MiB | baseline MiB |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Protocol p : run.plan().protocols())
            for (Resolution r : run.plan().resolutions()) {
                List<Summary> rows = run.outcomes().stream().map(o -> run.summary(o.method(), p, r)).filter(Objects::nonNull).toList();
                Summary ref = run.summary(BenchRun.REFERENCE, p, r);
                double bestPsnr = best(rows, Summary::psnr, true), bestSsim = best(rows, Summary::ssim, true),
                        bestGmsd = best(rows, Summary::gmsd, false);
                for (Summary m : rows) {
                    MethodOutcome o = run.outcome(m.method());
                    s.append("| ").append(m.task()).append(" | ").append(m.method())
                            .append(" | ").append(bold(f("%.2f", m.psnr()), m.psnr() == bestPsnr))
                            .append(" | ").append(bold(f("%.4f", m.ssim()), m.ssim() == bestSsim))
                            .append(" | ").append(bold(f("%.4f", m.gmsd()), m.gmsd() == bestGmsd))
                            .append(" | ").append(speed(m.fps()))
                            .append(" | ").append(ref == null ? "—" : ratio(m.fps() / ref.fps()))
                            .append(" | ").append(mib(o.peakRssBytes()))
                            .append(" | ").append(mib(o.baselineRssBytes())).append(" |\n");
                }
            }
        return s.toString();
    }

    static String pipeline(BenchRun run) {
        StringBuilder s = new StringBuilder("\n### Pipeline overhead: `inbetween upscale` end to end against the synthesizer in-process\n\n");
        if (run.pipeline().isEmpty()) return s.append("Not measured in this run (no Inbetween synthesizer ran).\n").toString();
        s.append("| synthesizer | clip | in-process frames/s | end-to-end frames/s | end to end ÷ in-process | upscale wall time | output frames |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (PipelineThroughput.Result r : run.pipeline()) {
            ThroughputResult t = r.inProcess();
            s.append("| ").append(r.method()).append(" | `").append(t.clip()).append("` ").append(t.width()).append('x').append(t.height())
                    .append(", ").append(t.inputFrames()).append(" frames | ").append(speed(t.fps())).append(" | ");
            if (r.notMeasured() != null) s.append(r.notMeasured()).append(" | — | — | — |\n");
            else s.append(speed(r.fps())).append(" | ").append(f("%.3f", r.ratio())).append(" | ").append(duration(r.seconds()))
                    .append(" | ").append(r.outputFrames()).append(" |\n");
        }
        s.append("\nEnd to end counts the same synthesized frames over the whole `upscale` run: JVM and embedded Kafka start-up, "
                + "decoding, Kafka round trips, reordering and H.264 encoding included.\n");
        return s.toString();
    }

    static String perClip(BenchRun run) {
        List<MethodOutcome> ran = run.outcomes().stream().filter(o -> !o.clips().isEmpty()).toList();
        StringBuilder s = new StringBuilder("\n### Per clip: PSNR dB / SSIM / GMSD\n");
        for (Protocol p : run.plan().protocols())
            for (Resolution r : run.plan().resolutions()) {
                s.append("\n#### ").append(p.label()).append(' ').append(r.label()).append("\n\n| clip | size |");
                for (MethodOutcome o : ran) s.append(' ').append(o.method()).append(" |");
                s.append("\n|---|---|").append("---:|".repeat(ran.size())).append('\n');
                for (FrameRun w : run.plan().windows()) {
                    String size = null;
                    StringBuilder cells = new StringBuilder();
                    for (MethodOutcome o : ran) {
                        ClipResult c = o.clips().stream().filter(x -> x.clip().equals(w.name()) && x.factor() == p.factor()
                                && x.resolution() == r).findFirst().orElse(null);
                        if (c != null) size = c.width() + "x" + c.height();
                        cells.append(' ').append(c == null ? "—" : f("%.2f / %.4f / %.4f", c.psnr(), c.ssim(), c.gmsd())).append(" |");
                    }
                    s.append("| ").append(w.name()).append(" | ").append(size == null ? "—" : size).append(" |").append(cells).append('\n');
                }
            }
        return s.toString();
    }

    static String gaps(BenchRun run) {
        List<MethodOutcome> missing = run.outcomes().stream().filter(o -> !o.ok()).toList();
        if (missing.isEmpty()) return "";
        StringBuilder s = new StringBuilder("\n### Not measured\n\n");
        for (MethodOutcome o : missing)
            s.append("- ").append(o.method()).append(o.unavailable() ? " — unavailable in this build: " : " — failed: ").append(o.error()).append('\n');
        return s.toString();
    }

    static String methods(BenchRun run) {
        StringBuilder s = new StringBuilder("\n### What ran\n\n");
        for (MethodOutcome o : run.outcomes()) if (o.description() != null) s.append("- `").append(o.method()).append("`: ").append(o.description()).append('\n');
        return s.toString();
    }

    private static double best(List<Summary> rows, ToDoubleFunction<Summary> metric, boolean higher) {
        return rows.stream().mapToDouble(metric).reduce(higher ? Math::max : Math::min).orElse(Double.NaN);
    }

    private static String bold(String v, boolean on) { return on ? "**" + v + "**" : v; }

    static String speed(double fps) {
        if (!Double.isFinite(fps)) return "—";
        return fps >= 100 ? f("%.0f", fps) : fps >= 10 ? f("%.1f", fps) : f("%.2f", fps);
    }

    private static String ratio(double r) { return r >= 100 ? f("%.0f×", r) : r >= 10 ? f("%.1f×", r) : f("%.2f×", r); }

    private static String mib(long bytes) { return bytes < 0 ? "—" : f("%.0f", bytes / 1048576.0); }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) return "—";
        return seconds < 120 ? f("%.1f s", seconds) : f("%d min %02d s", (long) seconds / 60, (long) seconds % 60);
    }

    private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }
}
