package io.inbetween.streamapp.encode;

import io.inbetween.testing.Ffmpeg;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Debian's ffprobe, as an independent judge of what the encoder wrote. */
final class Probe {
    private Probe() {}

    /** Fields of the first stream of a kind ("v" or "a"), frames counted by decoding. */
    static Map<String, String> stream(Path file, String kind) {
        return run(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", kind + ":0",
                "-show_entries", "stream=codec_name,pix_fmt,profile,r_frame_rate,avg_frame_rate,nb_read_frames,start_time,duration,sample_rate,channels,color_space",
                "-of", "default=noprint_wrappers=1", file.toString()));
    }

    static Map<String, String> format(Path file) {
        return run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration,format_name,start_time",
                "-of", "default=noprint_wrappers=1", file.toString()));
    }

    /** Presentation times of every packet of the first stream of a kind, in seconds, sorted. */
    static List<Double> packetTimes(Path file, String kind) {
        return lines(List.of("ffprobe", "-v", "error", "-select_streams", kind + ":0", "-show_entries", "packet=pts_time",
                "-of", "csv=p=0", file.toString())).stream().filter(l -> !l.isBlank() && !l.startsWith("N/A"))
                .map(l -> Double.parseDouble(l.split(",")[0])).sorted().toList();
    }

    /** Where the first stream of a kind ends: the latest packet time plus its duration, in seconds. */
    static double streamEnd(Path file, String kind) {
        return lines(List.of("ffprobe", "-v", "error", "-select_streams", kind + ":0", "-show_entries", "packet=pts_time,duration_time",
                "-of", "csv=p=0", file.toString())).stream().filter(l -> l.contains(",") && !l.contains("N/A"))
                .mapToDouble(l -> { String[] f = l.split(","); return Double.parseDouble(f[0]) + Double.parseDouble(f[1]); })
                .max().orElseThrow();
    }

    static double seconds(Map<String, String> fields, String key) { return Double.parseDouble(fields.get(key)); }

    private static Map<String, String> run(List<String> command) {
        Map<String, String> fields = new HashMap<>();
        for (String line : lines(command)) {
            int eq = line.indexOf('=');
            if (eq > 0) fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return fields;
    }

    private static List<String> lines(List<String> command) { return List.of(Ffmpeg.run(command.toArray(String[]::new)).split("\n")); }
}
