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
    /** The decoder's producer batches: none, so that every pair (megabytes; batching gains nothing) is a batch of its own. */
    public static final int PAIR_BATCH_BYTES = 0;
    /**
     * A replica's prefetch grows to hold the next pair of each of its partitions (the oldest pair
     * of the video is at the head of one of them), up to this many pairs.
     */
    public static final int MAX_PREFETCH_PAIRS = 16;
    /**
     * ... and to at most this many bytes of pairs, whatever their size: 25 pairs of 480p, 5 of 1080p,
     * one of 4K (a replica always holds at least one pair, so even the largest frame passes).
     */
    public static final long MAX_PREFETCH_BYTES = 64L * 1024 * 1024;
    /**
     * A replica does not synthesize a pair more than this many source frames past what the encoder
     * has written (its progress on the jobs topic): replicas that drift apart in speed would
     * otherwise make the reorderer hold the fast one's frames until the slow one catches up.
     */
    public static final int MAX_PAIRS_AHEAD = 24;
    /**
     * The decoder publishes a file's pairs at most this many source frames past what the encoder
     * has written: enough for every replica's prefetch, so that the interpolators never wait, and
     * so few that a frame's latency is seconds, not the job's length. Live sources are not held back.
     */
    public static final int DECODER_PAIRS_AHEAD = 48;
    /** Frames the reorderer buffers per input partition before it pauses it (Kafka Streams' default, 1000, let 1080p frames fill the heap). */
    public static final int REORDER_BUFFERED_FRAMES_PER_PARTITION = 2;
    /** What one fetch of the reorderer takes from a partition of frames: about one record batch, as for pairs. */
    public static final int FRAME_FETCH_BYTES_PER_PARTITION = 1024 * 1024;
    /** Progress older than this no longer holds a replica back (an encoder that stopped reporting must not stall the job). */
    public static final long PROGRESS_STALE_MILLIS = 10_000;

    /**
     * The Java heap that frames of this size need in one process running every stage (the
     * embedded broker's request buffers, every consumer's fetch, the prefetch, the frames being
     * synthesized and encoded): a base plus 20 frames. Measured: 1080p runs in 512 MB, 4K fails
     * there and runs in 768 MB (docs/architecture.md, "Memory").
     */
    public static long heapNeeded(int width, int height) {
        return 192L * 1024 * 1024 + 20L * width * height * 3;
    }

    /**
     * A one-line reason why frames of this size do not fit in a heap of {@code maxHeap} bytes,
     * naming the setting that makes them fit, or null when they fit.
     */
    public static String heapShortfall(int width, int height, long maxHeap) {
        long need = heapNeeded(width, height);
        if (need <= maxHeap) return null;
        long mb = (need + (1 << 20) - 1) >> 20;
        long suggest = (mb * 115 / 100 + 127) / 128 * 128; // -Xmx counts survivor space that maxMemory() leaves out
        return String.format("%dx%d frames need a Java heap of about %d MB, and this one has %d MB: run with INBETWEEN_JAVA_OPTS=-Xmx%dm",
                width, height, mb, maxHeap >> 20, suggest);
    }

    private FlowLimits() {}

    /**
     * The encoder's progress on a job as its latest event says: output frames written, or -1 when
     * it is not known, the job is over, or the event is older than {@link #PROGRESS_STALE_MILLIS}
     * (then nobody is held back by it).
     */
    public static long framesWritten(JobEvent event, long nowMillis) {
        if (event == null || event.state().isFinal() || nowMillis - event.atMillis() > PROGRESS_STALE_MILLIS) return -1;
        return event.framesDone();
    }

    /** The last pair sequence number {@code ahead} source frames past {@code framesWritten} output frames of a video. */
    public static long lastPairAllowed(long framesWritten, VideoInfo info, int ahead) {
        double sourcePerOutput = info.sourceRate().toDouble() / info.outputRate().toDouble();
        return (long) Math.floor(framesWritten * sourcePerOutput) + ahead;
    }

    /** The prefetch of a replica that synthesizes {@code batchSize} pairs at a time. */
    public static int prefetchPairs(int batchSize) { return PREFETCH_BATCHES * batchSize; }

    /** The prefetch of such a replica that owns {@code partitions} partitions of the pairs topic. */
    public static int prefetchPairs(int batchSize, int partitions) {
        return Math.max(prefetchPairs(batchSize), Math.min(partitions, MAX_PREFETCH_PAIRS));
    }
}
