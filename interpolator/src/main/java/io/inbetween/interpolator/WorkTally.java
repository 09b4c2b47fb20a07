package io.inbetween.interpolator;

/** The counters behind {@link InterpolatorStats}: written by the worker and the poll thread, read by anyone. */
final class WorkTally {
    private long startedNanos = -1;
    private long pairs, frames, poison, skipped, late, synthesisNanos;
    private int currentBatch;

    synchronized void started() { startedNanos = System.nanoTime(); }

    synchronized void batchStarted(int pairCount) { currentBatch = pairCount; }

    synchronized void batchEnded() { currentBatch = 0; }

    synchronized void synthesized(long nanos) { synthesisNanos += nanos; }

    synchronized void add(BatchSynthesis.Outcome outcome) {
        pairs += outcome.pairs();
        frames += outcome.frames();
        poison += outcome.poison();
        skipped += outcome.skipped();
        late += outcome.late();
    }

    synchronized InterpolatorStats snapshot(int maxBatchSize) {
        long wall = startedNanos < 0 ? 0 : System.nanoTime() - startedNanos;
        double busy = wall <= 0 ? 0 : Math.min(1.0, (double) synthesisNanos / wall);
        return new InterpolatorStats(pairs, frames, poison, skipped, late, maxBatchSize, currentBatch, busy, synthesisNanos / 1e9);
    }
}
