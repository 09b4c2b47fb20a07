package io.inbetween.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's ffmpeg/ffprobe as an independent judge of what the pipeline wrote: tests never check
 * Inbetween's output with Inbetween's own decoder.
 */
public final class Ffmpeg {
    private Ffmpeg() {}

    public record Stream(long frames, String rate, double duration, boolean audio, double audioDuration, int width, int height) {}

    /** Exact frame count (decoded), frame rate and durations of a file. */
    public static Stream probe(Path file) { return probe(file.toString()); }

    /** ... of what a URL serves (an HLS playlist over HTTP, say). */
    public static Stream probe(java.net.URI url) { return probe(url.toString()); }

    private static Stream probe(String file) {
        String v = run("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=nb_read_frames,r_frame_rate,width,height:format=duration", "-of", "default=nw=1", file);
        String a = run("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=duration,codec_name",
                "-of", "default=nw=1", file);
        return new Stream(Long.parseLong(field(v, "nb_read_frames")), field(v, "r_frame_rate"), Double.parseDouble(field(v, "duration")),
                a.contains("codec_name="), a.contains("duration=") && !field(a, "duration").equals("N/A") ? Double.parseDouble(field(a, "duration")) : -1,
                Integer.parseInt(field(v, "width")), Integer.parseInt(field(v, "height")));
    }

    /** Every frame of a file as packed RGB24. */
    public static List<byte[]> frames(Path file, int width, int height) {
        byte[] all = runBytes("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        int size = width * height * 3;
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off + size <= all.length; off += size) out.add(Arrays.copyOfRange(all, off, off + size));
        return out;
    }

    public static double psnr(byte[] a, byte[] b) {
        double se = 0;
        for (int i = 0; i < a.length; i++) { int d = (a[i] & 0xff) - (b[i] & 0xff); se += d * d; }
        double mse = se / a.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** Runs the ffmpeg CLI (errors only, overwriting, no stdin) and returns the output file, which must be the last argument. */
    public static Path ffmpeg(String... args) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin", "-y"));
        command.addAll(List.of(args));
        run(command.toArray(String[]::new));
        return Path.of(args[args.length - 1]);
    }

    /**
     * Joins real clips into one with a filter graph whose video output is labelled [v] (a hard
     * cut, a concatenation), encoded with {@code encoding}; returns {@code out}.
     */
    public static Path join(Path out, String filterGraph, List<String> encoding, Path... inputs) {
        List<String> args = new ArrayList<>();
        for (Path input : inputs) args.addAll(List.of("-i", input.toString()));
        args.addAll(List.of("-filter_complex", filterGraph, "-map", "[v]"));
        args.addAll(encoding);
        args.add(out.toString());
        return ffmpeg(args.toArray(String[]::new));
    }

    /** Fields of the first stream of a kind ("v" or "a"), frames counted by decoding. */
    public static Map<String, String> stream(Path file, String kind) {
        return fields("ffprobe", "-v", "error", "-count_frames", "-select_streams", kind + ":0",
                "-show_entries", "stream=codec_name,pix_fmt,profile,r_frame_rate,avg_frame_rate,nb_read_frames,start_time,duration,sample_rate,channels,color_space",
                "-of", "default=noprint_wrappers=1", file.toString());
    }

    /** Fields of the container: duration, format name, start time. */
    public static Map<String, String> format(Path file) {
        return fields("ffprobe", "-v", "error", "-show_entries", "format=duration,format_name,start_time",
                "-of", "default=noprint_wrappers=1", file.toString());
    }

    /** Presentation times of every packet of the first stream of a kind, in seconds, sorted. */
    public static List<Double> packetTimes(Path file, String kind) {
        return lines("ffprobe", "-v", "error", "-select_streams", kind + ":0", "-show_entries", "packet=pts_time",
                "-of", "csv=p=0", file.toString()).stream().filter(l -> !l.isBlank() && !l.startsWith("N/A"))
                .map(l -> Double.parseDouble(l.split(",")[0])).sorted().toList();
    }

    /** Where the first stream of a kind ends: the latest packet time plus its duration, in seconds. */
    public static double streamEnd(Path file, String kind) {
        return lines("ffprobe", "-v", "error", "-select_streams", kind + ":0", "-show_entries", "packet=pts_time,duration_time",
                "-of", "csv=p=0", file.toString()).stream().filter(l -> l.contains(",") && !l.contains("N/A"))
                .mapToDouble(l -> { String[] f = l.split(","); return Double.parseDouble(f[0]) + Double.parseDouble(f[1]); })
                .max().orElseThrow();
    }

    public static double seconds(Map<String, String> fields, String key) { return Double.parseDouble(fields.get(key)); }

    private static Map<String, String> fields(String... command) {
        Map<String, String> fields = new HashMap<>();
        for (String line : lines(command)) {
            int eq = line.indexOf('=');
            if (eq > 0) fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return fields;
    }

    private static List<String> lines(String... command) { return List.of(run(command).split("\n")); }

    /** Runs ffmpeg or ffprobe and returns what it printed; fails with its error output when it fails. */
    public static String run(String... cmd) { return new String(runBytes(cmd), StandardCharsets.UTF_8); }

    public static byte[] runBytes(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> copy(p.getErrorStream(), err));
            drain.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) { p.destroyForcibly(); throw new IllegalStateException("timed out: " + String.join(" ", cmd)); }
            drain.join();
            if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + err.toString(StandardCharsets.UTF_8));
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd[0] + " (install Debian's ffmpeg): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try { in.transferTo(out); } catch (IOException ignored) { /* the process died; its exit code tells */ }
    }

    private static String field(String text, String key) {
        for (String line : text.split("\n")) if (line.startsWith(key + "=")) return line.substring(key.length() + 1).trim();
        throw new IllegalStateException("ffprobe gave no " + key + " in: " + text);
    }
}
