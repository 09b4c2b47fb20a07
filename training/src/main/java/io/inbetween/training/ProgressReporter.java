package io.inbetween.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Shows training progress: on a terminal a bar redrawn in place every second, in a log file one
 * line every {@link #LOG_EVERY}. Both give the stage, the iteration, the mean recent loss, it/s
 * and the remaining time.
 */
final class ProgressReporter {
    private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);
    static final Duration LOG_EVERY = Duration.ofSeconds(60);
    private static final int BAR = 30;

    private final long total;
    private final PrintStream terminal;
    private long windowStart = System.nanoTime(), windowStartIteration = -1, lastDraw, lastLog = System.nanoTime();
    private double lossSum;
    private int lossCount;
    private double rate = Double.NaN;

    ProgressReporter(long total, boolean interactive) {
        this.total = total;
        this.terminal = interactive ? System.err : null;
    }

    void update(long iteration, TrainingStage stage, double loss) {
        long now = System.nanoTime();
        if (windowStartIteration < 0) windowStartIteration = iteration;
        if (Double.isFinite(loss)) {
            lossSum += loss;
            lossCount++;
        }
        double seconds = (now - windowStart) / 1e9;
        long done = iteration + 1 - windowStartIteration;
        if (seconds > 0 && done > 0) rate = done / seconds;
        if (terminal != null && now - lastDraw > 1_000_000_000L) {
            lastDraw = now;
            int filled = (int) (BAR * (iteration + 1) / total);
            terminal.print("\r[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + line(iteration, stage) + "   ");
            terminal.flush();
        }
        if (now - lastLog > LOG_EVERY.toNanos()) {
            lastLog = now;
            if (terminal == null) log.info(line(iteration, stage));
            // a fresh window keeps it/s and the mean loss current
            windowStart = now;
            windowStartIteration = iteration + 1;
            lossSum = 0;
            lossCount = 0;
        }
    }

    private String line(long iteration, TrainingStage stage) {
        double eta = Double.isFinite(rate) && rate > 0 ? (total - iteration - 1) / rate : Double.NaN;
        return String.format("%s %d/%d (%.1f%%) loss %.5f %.2f it/s ETA %s", stage.label, iteration + 1, total,
                100.0 * (iteration + 1) / total, lossCount == 0 ? Double.NaN : lossSum / lossCount, rate, format(eta));
    }

    void finish() {
        if (terminal != null) terminal.println();
    }

    static String format(double seconds) {
        if (!Double.isFinite(seconds)) return "?";
        long s = (long) seconds;
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
