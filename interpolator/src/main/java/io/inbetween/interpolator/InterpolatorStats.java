package io.inbetween.interpolator;

/**
 * A consistent snapshot of what one interpolator replica has done since it started.
 *
 * @param pairsDone        pairs whose output frames were published and acknowledged
 * @param framesDone       output frames published (synthesized and nearest-original)
 * @param poisonRecords    records set aside on the dead-letter topic
 * @param skippedPairs     pairs of cancelled or failed jobs, committed without work
 * @param latePairs        live pairs taken past their deadline, blended instead of synthesized
 * @param maxBatchSize     the configured largest number of pairs per batch
 * @param currentBatchSize pairs in the batch being worked on now, 0 when idle
 * @param busyRatio        time spent synthesizing / wall time since start, in [0,1]
 * @param synthesisSeconds cumulative time spent inside the synthesizer
 */
public record InterpolatorStats(long pairsDone, long framesDone, long poisonRecords, long skippedPairs, long latePairs,
                                int maxBatchSize, int currentBatchSize, double busyRatio, double synthesisSeconds) {}
