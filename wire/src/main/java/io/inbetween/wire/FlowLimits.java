package io.inbetween.wire;

/**
 * How much of a video may be in flight between the stages, in one place. Frames must flow in
 * presentation order with bounded memory: an interpolator replica holds a small prefetch and
 * always takes the oldest pairs of it; a fetch brings about one record batch from each partition
 * (not a partition's whole backlog, which would make the replica work one partition after the
 * other); and the reorderer holds a bounded number of early frames per job.
 */
public final class FlowLimits {
    /** Pairs an interpolator replica holds, fetched and in flight, per pair of its batch size. */
    public static final int PREFETCH_BATCHES = 2;
    /**
     * What one fetch takes from one partition of the pairs topic. Kafka returns at least one record
     * batch of a partition whatever this says, so a fetch brings the next pair of every partition.
     */
    public static final int PAIR_FETCH_BYTES_PER_PARTITION = 1024 * 1024;

    private FlowLimits() {}

    /** The prefetch of a replica that synthesizes {@code batchSize} pairs at a time. */
    public static int prefetchPairs(int batchSize) { return PREFETCH_BATCHES * batchSize; }
}
