package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * ffmpeg's motion-compensated interpolation, {@code minterpolate}, from the ffmpeg command-line
 * tool, with raw RGB24 frames piped through stdin and stdout. Its output is aligned with care:
 * the last input is sent twice (minterpolate otherwise drops the last gap), {@code -fps_mode
 * passthrough} stops ffmpeg from dropping or duplicating frames, and every passed-through frame
 * is checked against its input ({@link AlignmentCheck}) before anything is scored.
 */
public final class MinterpolateMethod implements InterpolationMethod {
    private static final Logger log = LoggerFactory.getLogger(MinterpolateMethod.class);

    public static final String ID = "minterpolate";
    public static final String ID_NO_SCENE_DETECTION = "minterpolate-noscd";
    /** The settings under test: the best motion-compensation modes minterpolate has. */
    public static final String MODES = "mi_mode=mci:mc_mode=aobmc:me_mode=bidir:vsbmc=1";
    /** minterpolate only sees the ratio of rates, so any input rate will do. */
    private static final int INPUT_RATE = 25;
    private static final Path TIME = Path.of("/usr/bin/time");

    private final String ffmpeg;
    private final boolean sceneDetection;
    private long peakRssBytes = -1;

    /**
     * @param ffmpeg         the ffmpeg executable (a name on the PATH or a path)
     * @param sceneDetection minterpolate's scene-change detection: {@code scd=fdiff} (its default) or {@code scd=none}
     */
    public MinterpolateMethod(String ffmpeg, boolean sceneDetection) {
        FfmpegTool.requireFilter(ffmpeg, "minterpolate");
        this.ffmpeg = ffmpeg;
        this.sceneDetection = sceneDetection;
    }

    @Override public String id() { return sceneDetection ? ID : ID_NO_SCENE_DETECTION; }

    /** The filter chain; format=yuv444p is what ffmpeg would negotiate from RGB anyway, stated so it cannot change. */
    public String filter(int factor) { return filter(Integer.toString(INPUT_RATE * factor)); }

    private String filter(String fps) {
        return "format=yuv444p,minterpolate=fps=" + fps + ":" + MODES + ":scd=" + (sceneDetection ? "fdiff" : "none");
    }

    List<String> command(int width, int height, int factor) {
        return List.of(ffmpeg, "-hide_banner", "-loglevel", "error",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", width + "x" + height, "-r", Integer.toString(INPUT_RATE), "-i", "pipe:0",
                "-vf", filter(factor), "-fps_mode", "passthrough",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1");
    }

    @Override
    public List<RgbFrame> interpolate(List<RgbFrame> inputs, int factor) {
        List<RgbFrame> fed = new ArrayList<>(inputs);
        fed.add(inputs.get(inputs.size() - 1));
        List<RgbFrame> output = run(fed, factor);
        AlignmentCheck.verify("ffmpeg " + id(), inputs, output, factor);
        List<RgbFrame> between = new ArrayList<>();
        for (int i = 0; i < output.size(); i++) if (i % factor != 0) between.add(output.get(i));
        return between;
    }

    /** All frames ffmpeg writes for {@code frames}, unchecked. */
    List<RgbFrame> run(List<RgbFrame> frames, int factor) {
        int w = frames.get(0).width(), h = frames.get(0).height(), frameBytes = w * h * 3;
        Path stderr = null, rss = null;
        try {
            stderr = Files.createTempFile("inbetween-minterpolate", ".log");
            List<String> cmd = new ArrayList<>();
            if (Files.isExecutable(TIME)) { // GNU time: the child's exact peak RSS, in KiB
                rss = Files.createTempFile("inbetween-minterpolate", ".rss");
                cmd.addAll(List.of(TIME.toString(), "-f", "%M", "-o", rss.toString()));
            }
            cmd.addAll(command(w, h, factor));
            Process process = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
            AtomicBoolean timedOut = watchdog(process, 120 + 10L * frames.size() * factor);
            Thread feeder = feed(process, frames);
            List<RgbFrame> output = new ArrayList<>();
            try (InputStream in = process.getInputStream()) {
                byte[] buf;
                while ((buf = in.readNBytes(frameBytes)).length == frameBytes) output.add(new RgbFrame(w, h, buf));
                if (buf.length != 0) throw new IllegalStateException("ffmpeg " + id() + " wrote a partial frame of " + buf.length + " bytes");
            }
            int exit = process.waitFor();
            feeder.join();
            if (timedOut.get()) throw new IllegalStateException("ffmpeg " + id() + " did not finish in time and was stopped");
            if (exit != 0) throw new IllegalStateException("ffmpeg " + id() + " failed (exit " + exit + "): " + ProcessLog.lastLine(stderr));
            if (rss != null) peakRssBytes = Math.max(peakRssBytes, readKib(rss) * 1024);
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ffmpeg '" + ffmpeg + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ffmpeg " + id() + " was running", e);
        } finally {
            deleteQuietly(stderr);
            deleteQuietly(rss);
        }
    }

    private static Thread feed(Process process, List<RgbFrame> frames) {
        Thread t = new Thread(() -> {
            try (OutputStream out = new BufferedOutputStream(process.getOutputStream(), 1 << 20)) {
                for (RgbFrame f : frames) out.write(f.rgb());
            } catch (IOException e) {
                // ffmpeg stopped reading: its exit code and stderr say why
                log.debug("feeding ffmpeg stopped: {}", e.toString());
            }
        }, "minterpolate-feed");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Stops a hung ffmpeg so that a bad input can never hang the benchmark. */
    private static AtomicBoolean watchdog(Process process, long seconds) {
        AtomicBoolean fired = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) { fired.set(true); process.destroyForcibly(); }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "minterpolate-watchdog");
        t.setDaemon(true);
        t.start();
        return fired;
    }


    private static long readKib(Path file) {
        String last = ProcessLog.lastLine(file);
        try {
            return Long.parseLong(last);
        } catch (NumberFormatException e) {
            log.warn("unreadable peak RSS from /usr/bin/time: '{}'", last);
            return -1;
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try { Files.deleteIfExists(p); } catch (IOException ignored) { /* a temp file left behind is harmless */ }
    }

    @Override public long externalPeakRssBytes() { return peakRssBytes; }

    @Override
    public String description() {
        return FfmpegTool.version(ffmpeg) + ", -vf " + filter("<factor x input rate>") + ", -fps_mode passthrough";
    }

    @Override public void close() {}
}
