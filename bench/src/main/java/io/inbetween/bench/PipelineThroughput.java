package io.inbetween.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The whole Kafka pipeline against the bare synthesizer: {@code inbetween upscale} runs on the
 * throughput clip in a child JVM (embedded broker, decoder, interpolator, reorderer, encoder) and
 * is timed from start to exit, so JVM and broker start-up count as a user would feel them.
 */
public final class PipelineThroughput {
    private static final Logger log = LoggerFactory.getLogger(PipelineThroughput.class);
    static final String LAUNCHER = "io.inbetween.cli.Inbetween";
    static final String UPSCALE = "io.inbetween.cli.UpscaleCommand";

    /**
     * @param seconds      wall time of {@code upscale}, start to exit
     * @param outputFrames frames in the file it wrote
     * @param notMeasured  why it was not measured (pending or failed), else null
     */
    public record Result(String method, ThroughputResult inProcess, double seconds, int outputFrames, String notMeasured) {
        /** Synthesized frames per second end to end: the same frames the in-process run made. */
        public double fps() { return inProcess.frames() / seconds; }

        public static Result notMeasured(String method, ThroughputResult inProcess, String why) {
            return new Result(method, inProcess, Double.NaN, 0, why);
        }

        /** Pipeline speed as a fraction of in-process speed. */
        public double ratio() { return fps() / inProcess.fps(); }
    }

    private PipelineThroughput() {}

    /** Whether this build has the upscale command yet. */
    static String pendingReason() {
        try {
            Class.forName(UPSCALE, false, PipelineThroughput.class.getClassLoader());
            Class.forName(LAUNCHER, false, PipelineThroughput.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException e) {
            return "the upscale command (" + UPSCALE + ") is not in this build yet";
        }
    }

    public static Result measure(String method, ThroughputResult inProcess, Path clip, BenchSettings settings, long timeoutMinutes) {
        String pending = pendingReason();
        if (pending != null) return Result.notMeasured(method, inProcess, "pending: " + pending);
        Path work = null;
        try {
            work = Files.createTempDirectory("inbetween-bench-pipeline");
            Path output = work.resolve("out.mp4"), logFile = work.resolve("upscale.log");
            List<String> args = new ArrayList<>(List.of("upscale", clip.toString(), "-o", output.toString(), "--factor", "2",
                    "--device", settings.device(), "--batch-size", Integer.toString(settings.pairsPerCall()),
                    "--seed", Long.toString(settings.seed()), "--data-dir", work.resolve("data").toString()));
            args.addAll(MethodCatalog.upscaleArguments(method, settings));
            log.info("pipeline: inbetween {}", String.join(" ", args));
            long start = System.nanoTime();
            OptionalInt exit;
            try (ChildProcess child = ChildProcess.start(new ProcessBuilder(ChildJvm.command(LAUNCHER, args))
                    .redirectErrorStream(true).redirectOutput(logFile.toFile()))) {
                exit = child.waitFor(timeoutMinutes, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (exit.isEmpty()) throw new IllegalStateException("inbetween upscale did not finish in " + timeoutMinutes + " min and was stopped");
            if (exit.getAsInt() != 0)
                throw new IllegalStateException("inbetween upscale failed (exit " + exit.getAsInt() + "): " + ProcessLog.lastLine(logFile));
            int frames = ClipDecoder.countFrames(output);
            log.info("pipeline: {} on {}: {} output frames in {} s", method, clip.getFileName(), frames, String.format("%.1f", seconds));
            return new Result(method, inProcess, seconds, frames, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run inbetween upscale: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while inbetween upscale was running", e);
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) return;
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
