package io.inbetween.local;

import java.util.Arrays;

/**
 * Added latency per output frame (its source frame read to it written), in milliseconds: the
 * last {@link #WINDOW} frames for a status line, and every frame of the run in 1 ms buckets up to
 * {@link #MAX_MILLIS} (the last bucket takes the rest) for the run's percentiles in bounded memory.
 */
public final class LatencyMeter {
    static final int WINDOW = 500;
    static final int MAX_MILLIS = 120_000;

    private final long[] recent = new long[WINDOW];
    private final int[] histogram = new int[MAX_MILLIS + 1];
    private int recentCount, next;
    private long count;
    private long maxMillis;

    public synchronized void record(long millis) {
        long m = Math.max(0, millis);
        recent[next] = m;
        next = (next + 1) % WINDOW;
        recentCount = Math.min(recentCount + 1, WINDOW);
        histogram[(int) Math.min(m, MAX_MILLIS)]++;
        count++;
        maxMillis = Math.max(maxMillis, m);
    }

    public synchronized long count() { return count; }

    public synchronized long maxMillis() { return maxMillis; }

    /** The {@code q}-quantile (0..1) of the last {@link #WINDOW} frames, -1 when none. */
    public synchronized long recentQuantile(double q) {
        if (recentCount == 0) return -1;
        long[] sorted = Arrays.copyOf(recent, recentCount);
        Arrays.sort(sorted);
        return sorted[(int) Math.min(recentCount - 1, Math.floor(q * recentCount))];
    }

    /** The {@code q}-quantile of every frame so far (to the millisecond), -1 when none. */
    public synchronized long quantile(double q) {
        if (count == 0) return -1;
        long rank = (long) Math.min(count - 1, Math.floor(q * count)), seen = 0;
        for (int ms = 0; ms <= MAX_MILLIS; ms++) {
            seen += histogram[ms];
            if (seen > rank) return ms;
        }
        return MAX_MILLIS;
    }
}
