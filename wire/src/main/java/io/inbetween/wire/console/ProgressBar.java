package io.inbetween.wire.console;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar with rate and ETA, for every long task (an upscale, a training run).
 * On a terminal it is redrawn in place on the {@link StatusLine} at most a few times a second;
 * elsewhere (a log, a pipe) it becomes a plain line every {@code plainEvery}. The rate shown is a
 * moving average of recent updates; the ETA comes from the mean rate since the first unit was
 * done, so that start-up (a broker, a model load) does not skew it, and it is shown only once
 * that rate has had {@link #ETA_AFTER} to settle.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;
    /** Weight of the newest rate in the moving average. */
    private static final double SMOOTHING = 0.3;
    /** How long after the first unit is done the ETA appears. */
    static final Duration ETA_AFTER = Duration.ofSeconds(2);

    private final String unit;
    private final StatusLine terminal;
    private final Consumer<String> plain;
    private final long plainEveryNanos;
    private final LongSupplier clock;
    private final long startNanos;
    private long lastShownNanos = Long.MIN_VALUE / 2;
    private double smoothedRate = Double.NaN;
    private long lastDone = -1;
    private long lastNanos;
    private long firstDone = -1;
    private long firstDoneNanos;

    private ProgressBar(String unit, StatusLine terminal, Consumer<String> plain, Duration plainEvery) {
        this(unit, terminal, plain, plainEvery, System::nanoTime);
    }

    /** With another clock (nanoseconds), for tests. */
    ProgressBar(String unit, StatusLine terminal, Consumer<String> plain, Duration plainEvery, LongSupplier clock) {
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastNanos = startNanos;
        this.unit = unit;
        this.terminal = terminal;
        this.plain = plain;
        this.plainEveryNanos = plainEvery.toNanos();
    }

    /** Redrawn in place on standard error. */
    public static ProgressBar onTerminal(String unit) { return new ProgressBar(unit, StatusLine.stderr(), null, Duration.ZERO); }

    /** A plain line to {@code lines} every {@code every}: for logs and pipes. */
    public static ProgressBar asLines(String unit, Consumer<String> lines, Duration every) {
        return new ProgressBar(unit, null, lines, every);
    }

    /** On the terminal when there is one, else as lines. */
    public static ProgressBar forConsole(String unit, boolean interactive, Consumer<String> lines, Duration every) {
        return interactive ? onTerminal(unit) : asLines(unit, lines, every);
    }

    /** Shows {@code done} of {@code total} (total <= 0 while unknown) and a note (a state, a loss). */
    public void update(long done, long total, String note) {
        long now = clock.getAsLong();
        if (firstDone < 0 && done > 0) {
            firstDone = done;
            firstDoneNanos = now;
        }
        if (lastDone < 0) {
            lastDone = done;
            lastNanos = now;
        } else if (done > lastDone) {
            double rate = (done - lastDone) / ((now - lastNanos) / 1e9);
            smoothedRate = Double.isNaN(smoothedRate) ? rate : (1 - SMOOTHING) * smoothedRate + SMOOTHING * rate;
            lastDone = done;
            lastNanos = now;
        }
        if (now - lastShownNanos < (terminal != null ? REDRAW_NANOS : plainEveryNanos)) return;
        lastShownNanos = now;
        String line = render(done, total, note);
        if (terminal != null) terminal.show(line);
        else plain.accept(line);
    }

    /** Shows the final state and ends the bar's line, so that later output starts on a fresh one. */
    public void finish(long done, long total, String note) {
        lastShownNanos = Long.MIN_VALUE / 2;
        update(done, total, note);
        if (terminal != null) terminal.release();
    }

    String render(long done, long total, String note) {
        StringBuilder s = new StringBuilder();
        if (total > 0) {
            double f = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(f * WIDTH);
            s.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
            s.append(done).append('/').append(total).append(' ').append(unit);
            s.append(String.format(Locale.ROOT, " %3d%%", (int) Math.floor(f * 100)));
        } else {
            s.append(done).append(' ').append(unit);
        }
        double rate = Double.isNaN(smoothedRate) ? 0 : smoothedRate;
        s.append(String.format(Locale.ROOT, "  %.1f %s/s", rate, unit));
        double steady = steadyRate(clock.getAsLong(), done);
        if (total > 0 && steady > 0 && done < total) s.append("  ETA ").append(clock(Duration.ofMillis((long) ((total - done) / steady * 1000))));
        s.append("  elapsed ").append(clock(Duration.ofNanos(clock.getAsLong() - startNanos)));
        if (note != null && !note.isEmpty()) s.append("  ").append(note);
        return s.toString();
    }

    /** Units per second since the first one was done, once that is {@link #ETA_AFTER} ago; else 0. */
    private double steadyRate(long now, long done) {
        if (firstDone < 0 || now - firstDoneNanos < ETA_AFTER.toNanos() || done <= firstDone) return 0;
        return (done - firstDone) / ((now - firstDoneNanos) / 1e9);
    }

    /** mm:ss, or h:mm:ss from an hour on. */
    public static String clock(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
