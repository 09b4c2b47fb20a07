package io.inbetween.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code inbetween upscale} against what a user would run instead, {@code ffmpeg -vf minterpolate
 * ... -c:v libx264}, as whole processes under GNU time, in turn on the same clips in one run:
 * wall time, CPU time (user + system) and peak RSS, and their ratios; for upscale also the first
 * output frame's time and the progress curve (frames written against time) from its progress lines.
 */
public final class EndToEnd {
    private static final Logger log = LoggerFactory.getLogger(EndToEnd.class);
    private static final Pattern PROGRESS = Pattern.compile("\\] (\\d+)/(\\d+) frames .*elapsed (\\d+):(\\d+)");
    private static final Pattern ETA = Pattern.compile("ETA (\\d+):(\\d+)");

    /** One whole-process run: what GNU time reported, and for upscale its progress lines. */
    public record Run(String tool, double wallSeconds, double cpuSeconds, double peakRssMb, List<double[]> progress, int exit) {
        /** Seconds until the first frame was written, from the progress lines (1 s resolution), or NaN. */
        public double firstFrameSeconds() {
            for (double[] p : progress) if (p[1] > 0) return p[0];
            return Double.NaN;
        }
    }

    /** A clip and both runs on it. */
    public record Comparison(String clip, int width, int height, double seconds, int outputFrames, Run upscale, Run minterpolate) {}

    private EndToEnd() {}

    /** Cuts the clips: real camera video (mecavideo-balle-jbart, 10 s), scaled, and looped for the longer ones. */
    static List<Path> clips(Path media, Path work, boolean quick) throws IOException, InterruptedException {
        Path source = media.resolve("videos").resolve("mecavideo-balle-jbart.mp4");
        List<Path> clips = new ArrayList<>();
        // 480p also at 60 s: peak memory must not grow with the length
        int[][] sizes = quick ? new int[][] {{854, 480, 5}} : new int[][] {{854, 480, 5, 30, 60}, {1280, 720, 5, 30}};
        for (int[] size : sizes)
            for (int length : java.util.Arrays.copyOfRange(size, 2, size.length)) {
                Path clip = work.resolve(String.format(Locale.ROOT, "balle-%dp-%ds.mp4", size[1], length));
                run(List.of("ffmpeg", "-v", "error", "-nostdin", "-y", "-stream_loop", "6", "-i", source.toString(), "-t", Integer.toString(length),
                        "-vf", "scale=" + size[0] + ":" + size[1], "-an", "-c:v", "libx264", "-crf", "16", "-preset", "fast", clip.toString()), null);
                clips.add(clip);
            }
        return clips;
    }

    /** Runs both tools on each clip, in turn. */
    static List<Comparison> compare(Path repo, List<Path> clips, Path work) throws IOException, InterruptedException {
        List<Comparison> all = new ArrayList<>();
        for (Path clip : clips) {
            Map<String, String> probe = probe(clip);
            int w = Integer.parseInt(probe.get("width")), h = Integer.parseInt(probe.get("height"));
            String rate = probe.get("r_frame_rate");
            String[] r = rate.split("/");
            double fps = Double.parseDouble(r[0]) / Double.parseDouble(r[1]);
            double seconds = Double.parseDouble(probe.get("duration"));
            Path ours = work.resolve("upscale-" + clip.getFileName()), theirs = work.resolve("minterpolate-" + clip.getFileName());
            log.info("end to end: {} ({}x{}, {} s)", clip.getFileName(), w, h, seconds);
            Run upscale = timed("inbetween upscale", List.of(repo.resolve("inbetween").toString(), "upscale", clip.toString(), "-o", ours.toString(),
                    "--factor", "2", "--progress-every", "1"), work.resolve("upscale.log"));
            Run minterpolate = timed("ffmpeg minterpolate", List.of("ffmpeg", "-v", "error", "-nostdin", "-y", "-i", clip.toString(),
                    "-vf", String.format(Locale.ROOT, "minterpolate=fps=%s:mi_mode=mci:mc_mode=aobmc:me_mode=bidir:vsbmc=1", fmt(2 * fps)),
                    "-c:v", "libx264", "-crf", "18", "-preset", "medium", theirs.toString()), work.resolve("ffmpeg.log"));
            all.add(new Comparison(clip.getFileName().toString(), w, h, seconds, Integer.parseInt(probe(ours).getOrDefault("nb_read_frames", "0")),
                    upscale, minterpolate));
            log.info("end to end: {}: upscale {} s, minterpolate {} s", clip.getFileName(), fmt(upscale.wallSeconds()), fmt(minterpolate.wallSeconds()));
        }
        return all;
    }

    private static Run timed(String tool, List<String> command, Path logFile) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-v"));
        full.addAll(command);
        int exit = run(full, logFile);
        String out = Files.readString(logFile);
        List<double[]> progress = new ArrayList<>();
        for (String line : out.split("\\R")) {
            Matcher m = PROGRESS.matcher(line);
            if (m.find()) {
                double elapsed = Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4));
                Matcher eta = ETA.matcher(line);
                double etaSeconds = eta.find() ? Integer.parseInt(eta.group(1)) * 60 + Integer.parseInt(eta.group(2)) : Double.NaN;
                progress.add(new double[] {elapsed, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), etaSeconds});
            }
        }
        return new Run(tool, wall(field(out, "Elapsed (wall clock) time (h:mm:ss or m:ss)")),
                Double.parseDouble(field(out, "User time (seconds)")) + Double.parseDouble(field(out, "System time (seconds)")),
                Double.parseDouble(field(out, "Maximum resident set size (kbytes)")) / 1024, progress, exit);
    }

    static double wall(String hms) {
        String[] p = hms.split(":");
        double s = 0;
        for (String part : p) s = s * 60 + Double.parseDouble(part);
        return s;
    }

    private static String field(String timeOutput, String name) {
        for (String line : timeOutput.split("\\R")) {
            String t = line.strip();
            if (t.startsWith(name + ":")) return t.substring(name.length() + 1).strip();
        }
        throw new IllegalStateException("GNU time printed no '" + name + "'; is /usr/bin/time GNU time?");
    }

    private static Map<String, String> probe(Path file) throws IOException, InterruptedException {
        Path out = Files.createTempFile("probe", ".txt");
        try {
            run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
                    "stream=width,height,r_frame_rate,nb_read_frames:format=duration", "-of", "default=nw=1", file.toString()), out);
            Map<String, String> fields = new java.util.HashMap<>();
            for (String line : Files.readAllLines(out)) {
                int eq = line.indexOf('=');
                if (eq > 0) fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
            return fields;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static int run(List<String> command, Path output) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("INBETWEEN_NO_BUILD", "1");
        builder.redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(output.toFile()));
        try (ChildProcess child = ChildProcess.start(builder)) {
            var exit = child.waitFor(60, TimeUnit.MINUTES);
            if (exit.isEmpty()) throw new IllegalStateException(command.get(0) + " did not finish in an hour");
            if (output == null && exit.getAsInt() != 0) throw new IllegalStateException(String.join(" ", command) + " failed");
            return exit.getAsInt();
        }
    }

    /** The Markdown table, the ETA check and the progress curves. */
    static String report(List<Comparison> all, MachineStamp stamp, String plotName) {
        StringBuilder s = new StringBuilder();
        s.append("# End to end: `inbetween upscale` against `ffmpeg minterpolate`\n\n").append(stamp.line()).append("\n\n");
        s.append("Whole processes under GNU time, run in turn on the same clips: `inbetween upscale IN -o OUT --factor 2` (defaults: CRVD, K = 0, "
                + "H.264 crf 18 medium, embedded broker; its JVM, broker and model start-up included) and `ffmpeg -vf "
                + "minterpolate=fps=2R:mi_mode=mci:mc_mode=aobmc:me_mode=bidir:vsbmc=1 -c:v libx264 -crf 18 -preset medium`. "
                + "Clips: real camera video (Debian's python3-mecavideo, balle-jbart), scaled; the 30 and 60 s ones loop the 10 s clip.\n\n");
        s.append("| clip | frames out | upscale wall s | minterpolate wall s | wall × (ours/theirs) | upscale CPU s | minterpolate CPU s | CPU × | upscale peak RSS MB | minterpolate peak RSS MB | RSS × | first frame written s |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison c : all) {
            Run u = c.upscale(), m = c.minterpolate();
            s.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f | %.0f | %.0f | %.1f | %s |%n", c.clip(), c.outputFrames(),
                    u.wallSeconds(), m.wallSeconds(), u.wallSeconds() / m.wallSeconds(), u.cpuSeconds(), m.cpuSeconds(), u.cpuSeconds() / m.cpuSeconds(),
                    u.peakRssMb(), m.peakRssMb(), u.peakRssMb() / m.peakRssMb(), Double.isNaN(u.firstFrameSeconds()) ? "-" : fmt(u.firstFrameSeconds())));
        }
        s.append("\nETA honesty (upscale's progress lines): the worst error of the shown ETA against the real remaining time, once 10 % of the job's time has passed.\n\n");
        s.append("| clip | worst ETA error after 10 % |\n|---|---:|\n");
        for (Comparison c : all) s.append(String.format(Locale.ROOT, "| %s | %s |%n", c.clip(), etaError(c.upscale())));
        s.append("\n![frames written against time](").append(plotName).append(")\n");
        return s.toString();
    }

    /** Worst |ETA - actual remaining| / actual remaining over the lines after 10 % of the run, as a percentage. */
    static String etaError(Run u) {
        if (u.progress().isEmpty()) return "-";
        double end = u.progress().get(u.progress().size() - 1)[0];
        double worst = 0;
        for (double[] p : u.progress()) {
            double remaining = end - p[0];
            if (p[0] < 0.1 * end || remaining < 3 || Double.isNaN(p[3])) continue;
            worst = Math.max(worst, Math.abs(p[3] - remaining) / remaining);
        }
        return String.format(Locale.ROOT, "%.0f %%", 100 * worst);
    }

    static void plot(List<Comparison> all, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(520).title("inbetween upscale: output frames written against time")
                .xAxisTitle("seconds since start").yAxisTitle("share of the frames written").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(3);
        for (Comparison c : all) {
            List<double[]> p = c.upscale().progress();
            if (p.isEmpty()) continue;
            double[] x = p.stream().mapToDouble(v -> v[0]).toArray();
            double[] y = p.stream().mapToDouble(v -> v[2] > 0 ? v[1] / v[2] : 0).toArray();
            chart.addSeries(c.clip(), x, y);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.1f", v); }
}
