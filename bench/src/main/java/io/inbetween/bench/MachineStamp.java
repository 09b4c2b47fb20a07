package io.inbetween.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** When, where and on what code a benchmark ran: numbers mean nothing without it. */
public record MachineStamp(ZonedDateTime time, int cores, String cpuModel, double memoryGib, String commit,
                           String ffmpegVersion, String javaVersion, double loadAverage) {

    public static MachineStamp capture(Path repo, String ffmpeg) {
        return new MachineStamp(ZonedDateTime.now(ZoneOffset.UTC), Runtime.getRuntime().availableProcessors(),
                procField("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")),
                procField("/proc/meminfo", "MemTotal").map(v -> Long.parseLong(v.replaceAll("\\D+", "")) / 1048576.0).orElse(-1.0),
                commit(repo), FfmpegTool.version(ffmpeg), System.getProperty("java.runtime.version", System.getProperty("java.version")),
                currentLoadAverage());
    }

    public String date() { return time.format(DateTimeFormatter.ISO_LOCAL_DATE); }

    /** One line: date, machine, commit, tools, and how busy the machine was (speeds depend on it). */
    public String line() {
        return String.format(Locale.ROOT, "%s · commit `%s` · %d cores, %s, %.1f GiB RAM · %s · Java %s · load average %s at start",
                time.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), commit, cores, cpuModel, memoryGib,
                ffmpegVersion, javaVersion, loadAverage < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f", loadAverage));
    }

    /** The 1-minute load average, or -1 where /proc is not available. */
    static double currentLoadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Optional<String> procField(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file)))
                if (line.startsWith(key)) return Optional.of(line.substring(line.indexOf(':') + 1).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** {@code git rev-parse --short HEAD}, or "unknown" outside a git checkout. */
    static String commit(Path repo) {
        try {
            Process p = new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) { p.destroyForcibly(); return "unknown"; }
            return p.exitValue() == 0 && out.matches("[0-9a-f]{4,40}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
