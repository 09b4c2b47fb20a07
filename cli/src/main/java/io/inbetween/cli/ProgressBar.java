package io.inbetween.cli;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress bar with rate and ETA. On a terminal it redraws in place; in a log or a
 * pipe it prints a plain line every few seconds instead of a wall of carriage returns.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final String unit;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private long lastPlainNanos;
    private double smoothedRate = Double.NaN;
    private long lastDone;
    private long lastNanos = startNanos;
    private int lastLength;

    ProgressBar(PrintStream out, String unit, boolean interactive) {
        this.out = out;
        this.unit = unit;
        this.interactive = interactive;
    }

    /** Shows {@code done} of {@code total} (total <= 0 when still unknown). */
    void update(long done, long total, String note) {
        long now = System.nanoTime();
        double dt = (now - lastNanos) / 1e9;
        if (done > lastDone && dt > 0) {
            double rate = (done - lastDone) / dt;
            smoothedRate = Double.isNaN(smoothedRate) ? rate : 0.7 * smoothedRate + 0.3 * rate;
            lastDone = done;
            lastNanos = now;
        }
        if (!interactive && now - lastPlainNanos < PLAIN_INTERVAL_NANOS) return;
        lastPlainNanos = now;
        String line = render(done, total, note);
        if (interactive) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the bar's line so later output starts on a fresh one. */
    void finish(long done, long total, String note) {
        lastPlainNanos = 0;
        update(done, total, note);
        if (interactive) out.println();
    }

    String render(long done, long total, String note) {
        StringBuilder s = new StringBuilder();
        if (total > 0) {
            double f = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(f * WIDTH);
            s.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
            s.append(done).append('/').append(total).append(' ').append(unit);
            s.append(String.format(" %3d%%", (int) Math.floor(f * 100)));
        } else {
            s.append(done).append(' ').append(unit);
        }
        double rate = Double.isNaN(smoothedRate) ? 0 : smoothedRate;
        s.append(String.format("  %.1f %s/s", rate, unit));
        if (total > 0 && rate > 0 && done < total) s.append("  ETA ").append(clock(Duration.ofMillis((long) ((total - done) / rate * 1000))));
        s.append("  elapsed ").append(clock(Duration.ofNanos(System.nanoTime() - startNanos)));
        if (note != null && !note.isEmpty()) s.append("  ").append(note);
        return s.toString();
    }

    static String clock(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%02d:%02d", s / 60, s % 60);
    }
}
