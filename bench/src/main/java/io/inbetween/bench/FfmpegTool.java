package io.inbetween.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The ffmpeg command-line tool: is it there, which version, which filters. */
public final class FfmpegTool {
    private FfmpegTool() {}

    /** First line of {@code ffmpeg -version}, e.g. "ffmpeg version 5.1.9-0+deb12u1". */
    public static String version(String ffmpeg) {
        String out = run(ffmpeg, "-hide_banner", "-version");
        String first = out.lines().findFirst().orElse("ffmpeg (unknown version)");
        int copyright = first.indexOf(" Copyright");
        return copyright > 0 ? first.substring(0, copyright) : first;
    }

    /** @throws IllegalStateException when ffmpeg cannot run or lacks the filter */
    public static void requireFilter(String ffmpeg, String filter) {
        String filters = run(ffmpeg, "-hide_banner", "-filters");
        boolean found = filters.lines().map(String::strip).anyMatch(l -> l.split("\\s+").length > 1 && l.split("\\s+")[1].equals(filter));
        if (!found) throw new IllegalStateException("ffmpeg '" + ffmpeg + "' has no " + filter + " filter; install Debian's ffmpeg");
    }

    private static String run(String ffmpeg, String... args) {
        try {
            Process p = new ProcessBuilder(concat(ffmpeg, args)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) { p.destroyForcibly(); throw new IllegalStateException("'" + ffmpeg + " " + String.join(" ", args) + "' hangs"); }
            if (p.exitValue() != 0) throw new IllegalStateException("'" + ffmpeg + "' does not run (exit " + p.exitValue() + ")");
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("ffmpeg not found as '" + ffmpeg + "'; install it (apt-get install ffmpeg) or pass --ffmpeg PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking ffmpeg for its version", e);
        }
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }
}
