package io.inbetween.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What one benchmark run scores: frame runs × resolutions × tasks, and the clip whose every frame
 * goes through the synthesizer in-process and through the whole {@code upscale} pipeline.
 */
public record BenchPlan(String name, List<FrameRun> windows, List<Resolution> resolutions, List<Protocol> protocols,
                        String throughputClip) {

    public static final List<Protocol> TASKS = List.of(new Protocol(2), new Protocol(4));

    public BenchPlan {
        windows = List.copyOf(windows);
        resolutions = List.copyOf(resolutions);
        protocols = List.copyOf(protocols);
        if (windows.isEmpty() || resolutions.isEmpty() || protocols.isEmpty()) throw new IllegalArgumentException("empty benchmark plan");
    }

    /** Every pick at native size and 480p, 2x and 4x; throughput on a 10 s 720x576 camera clip. */
    public static BenchPlan full(Path mediaDir) {
        return new BenchPlan("full", EvaluationSet.full(mediaDir), List.of(Resolution.NATIVE, Resolution.P480), TASKS,
                "mecavideo-balle-jbart.mp4");
    }

    /**
     * Held-out windows with large motion ({@link EvaluationSet#largeMotion}), 2x at 480p, where the
     * motion was measured; throughput as in the full run.
     */
    public static BenchPlan largeMotion(Path mediaDir) {
        return new BenchPlan("large-motion", EvaluationSet.largeMotion(mediaDir), List.of(Resolution.P480), List.of(new Protocol(2)),
                "mecavideo-balle-jbart.mp4");
    }

    /** A couple of minutes: three short runs at native size; throughput on a 68-frame 160x120 clip. */
    public static BenchPlan quick(Path mediaDir) {
        return new BenchPlan("quick", EvaluationSet.quick(mediaDir), List.of(Resolution.NATIVE), TASKS, "kphotoalbum-movie.avi");
    }
}
