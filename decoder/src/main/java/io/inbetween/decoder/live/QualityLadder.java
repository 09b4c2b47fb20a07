package io.inbetween.decoder.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;

/**
 * How a live job trades quality for latency. Its output must keep up with the feed, so when its
 * lag (the age of the next frame the encoder is to write) reaches {@link #DOWN_AT} of the latency budget it steps down a level (fewer
 * diffusion steps, K=0, a plain blend, the last frame repeated), and when it stays under
 * {@link #UP_BELOW} of it for a while it climbs back. Each failed climb (stepped down again soon
 * after) doubles the wait before the next one, so that a level the machine cannot hold is not
 * retried every few seconds.
 */
public final class QualityLadder {
    private static final Logger log = LoggerFactory.getLogger(QualityLadder.class);

    /** Fraction of the budget that the lag may reach before the job steps down. */
    public static final double DOWN_AT = 0.5;
    /**
     * Fraction of the budget after which a pair is late, and a replica blends it instead of running
     * the model: above {@link #DOWN_AT}, so the ladder sees the lag first and steps down, and this
     * only clears what was queued before.
     */
    public static final double LATE_AT = 0.6;
    /** Fraction of the budget that the lag must stay below before the job climbs back. */
    public static final double UP_BELOW = 0.25;
    /**
     * Time a step down is given to drain the lag before the next one: by then every pair queued at
     * the level above is done or late (blended at once). At 1 s a failed climb at 320x240 fell two
     * levels, blend included, while the model finished what it had.
     */
    static final Duration SETTLE = Duration.ofSeconds(2);
    /** Calm time before the first climb; doubled by each failed climb, up to {@link #MAX_UP_WAIT}. */
    static final Duration UP_WAIT = Duration.ofSeconds(5);
    static final Duration MAX_UP_WAIT = Duration.ofSeconds(60);

    /** The levels, best first. */
    public enum Level {
        /** The job's own diffusion steps. */
        FULL,
        /** The model's mean frame, no diffusion steps (K=0). */
        DETERMINISTIC,
        /** A plain cross-fade of the two source frames, made by the decoder. */
        BLEND,
        /**
         * The previous output frame repeated (for 2x, the source frame before the slot), which nothing has
         * to make or carry. While the lag is still above {@link #DOWN_AT} of the budget here,
         * source frames too are replaced by repeats (the output freezes) until it is back under.
         */
        REPEAT;

        /** Whether the interpolators make this level's frames (else the decoder does). */
        public boolean synthesized() { return this == FULL || this == DETERMINISTIC; }

        /** Lower case, as logs, metrics and the status line show it. */
        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    private final String jobId;
    private final Level best;
    private final long budgetNanos;
    private Level level;
    private long changes;
    private long lastChangeNanos;
    private long calmSinceNanos = -1;
    private long upWaitNanos = UP_WAIT.toNanos();
    private boolean climbed;

    /** A ladder that starts at its best level: FULL with diffusion steps, else DETERMINISTIC. */
    public QualityLadder(String jobId, int steps, Duration budget, long nowNanos) {
        this(jobId, steps, budget, null, nowNanos);
    }

    /**
     * A ladder that starts at {@code start} (null: the best level) and climbs from there. A live
     * job starts at the bottom: how fast this machine makes frames of this size is not known yet,
     * and a first model run that takes seconds would hold up everything behind it.
     */
    public QualityLadder(String jobId, int steps, Duration budget, Level start, long nowNanos) {
        if (budget.isNegative() || budget.isZero()) throw new IllegalArgumentException("latency budget must be positive, got " + budget);
        this.jobId = jobId;
        this.best = steps > 0 ? Level.FULL : Level.DETERMINISTIC;
        this.level = start == null || start.ordinal() < best.ordinal() ? best : start;
        this.budgetNanos = budget.toNanos();
        this.lastChangeNanos = nowNanos;
    }

    public Level level() { return level; }

    /** Level changes so far. */
    public long changes() { return changes; }

    /** The diffusion steps a pair asks for at the current level, given the job's own. */
    public int steps(int jobSteps) { return level == Level.FULL ? jobSteps : 0; }

    /** Takes the latest lag in seconds; true when the level changed. */
    public boolean observe(double lagSeconds, long nowNanos) {
        long lagNanos = (long) (lagSeconds * 1e9);
        long sinceChange = nowNanos - lastChangeNanos;
        if (lagNanos >= DOWN_AT * budgetNanos) {
            calmSinceNanos = -1;
            if (level == Level.REPEAT || sinceChange < SETTLE.toNanos()) return false;
            // the climb that led here did not hold: wait longer before the next one
            if (climbed && sinceChange < 2 * UP_WAIT.toNanos()) upWaitNanos = Math.min(2 * upWaitNanos, MAX_UP_WAIT.toNanos());
            return change(Level.values()[level.ordinal() + 1], lagSeconds, nowNanos, false);
        }
        if (lagNanos < UP_BELOW * budgetNanos) {
            if (calmSinceNanos < 0) calmSinceNanos = nowNanos;
            if (level != best && nowNanos - calmSinceNanos >= upWaitNanos && sinceChange >= upWaitNanos) {
                calmSinceNanos = -1;
                return change(Level.values()[level.ordinal() - 1], lagSeconds, nowNanos, true);
            }
        } else {
            calmSinceNanos = -1;
        }
        return false;
    }

    private boolean change(Level to, double lagSeconds, long nowNanos, boolean up) {
        log.info("job {}: {} from {} to {} (lag {} s, budget {} s{})", jobId,
                up ? "quality up" : "quality down", level.label(), to.label(), String.format(Locale.ROOT, "%.2f", lagSeconds),
                String.format(Locale.ROOT, "%.1f", budgetNanos / 1e9),
                up ? "" : String.format(Locale.ROOT, "; next climb after %d s calm", upWaitNanos / 1_000_000_000L));
        level = to;
        changes++;
        lastChangeNanos = nowNanos;
        climbed = up;
        return true;
    }
}
