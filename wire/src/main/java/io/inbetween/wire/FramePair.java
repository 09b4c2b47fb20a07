package io.inbetween.wire;

import java.util.List;

/**
 * Source frames i and i+1 of a job and the output frames to synthesize between them. This is
 * the unit of work that the interpolator group shares out; pairs are independent of each other,
 * so any replica can take any pair.
 *
 * @param seq          index i of the first frame (frames are numbered in decode order from 0)
 * @param pts0Micros   presentation time of frame i, in microseconds from the start of the stream
 * @param pts1Micros   presentation time of frame i+1
 * @param sceneCut     the pair spans a hard cut: fill slots with the nearest original, never morph
 * @param slots        output frames to make, each with its tau
 * @param steps        diffusion steps K asked for by the job (0 = deterministic)
 * @param seed         sampling seed of the job; each slot samples with seed + outputIndex
 * @param publishedAtMillis wall-clock time the decoder published the pair, for latency metrics
 * @param originalIndex the output index at which frame i is itself an output frame (an original),
 *                      or {@link #NO_ORIGINAL}. The replica that synthesizes the pair's slots sends
 *                      it with them, so that originals reach the reorderer in step with the frames
 *                      around them instead of all at once, ahead of the video.
 * @param deadlineMillis wall-clock time after which a live pair is late: a replica that takes it
 *                      later makes its slots by a plain blend at once, so that work queued before
 *                      the job stepped down its quality cannot hold its output back; or
 *                      {@link #NO_DEADLINE} (files)
 */
public record FramePair(String jobId, long seq, long pts0Micros, long pts1Micros, boolean sceneCut,
                        RgbFrame frame0, RgbFrame frame1, List<Slot> slots, int steps, long seed,
                        long publishedAtMillis, long originalIndex, long deadlineMillis) {
    public static final long NO_ORIGINAL = -1;
    public static final long NO_DEADLINE = 0;

    /** A pair without a deadline. */
    public FramePair(String jobId, long seq, long pts0Micros, long pts1Micros, boolean sceneCut, RgbFrame frame0, RgbFrame frame1,
                     List<Slot> slots, int steps, long seed, long publishedAtMillis, long originalIndex) {
        this(jobId, seq, pts0Micros, pts1Micros, sceneCut, frame0, frame1, slots, steps, seed, publishedAtMillis, originalIndex, NO_DEADLINE);
    }

    /** A pair that carries no original. */
    public FramePair(String jobId, long seq, long pts0Micros, long pts1Micros, boolean sceneCut, RgbFrame frame0, RgbFrame frame1,
                     List<Slot> slots, int steps, long seed, long publishedAtMillis) {
        this(jobId, seq, pts0Micros, pts1Micros, sceneCut, frame0, frame1, slots, steps, seed, publishedAtMillis, NO_ORIGINAL);
    }

    public FramePair {
        if (jobId == null || jobId.isEmpty()) throw new IllegalArgumentException("pair without a job id");
        if (!frame0.sameSizeAs(frame1))
            throw new IllegalArgumentException("pair frames differ in size: " + frame0 + " vs " + frame1);
        if (pts1Micros <= pts0Micros)
            throw new IllegalArgumentException("pair timestamps not increasing: " + pts0Micros + " -> " + pts1Micros);
        slots = List.copyOf(slots);
        if (steps < 0) throw new IllegalArgumentException("negative diffusion steps " + steps);
        if (originalIndex < NO_ORIGINAL) throw new IllegalArgumentException("negative original index " + originalIndex);
    }

    public boolean carriesOriginal() { return originalIndex != NO_ORIGINAL; }

    /** Whether the pair's deadline has passed at {@code nowMillis}. */
    public boolean isLate(long nowMillis) { return deadlineMillis != NO_DEADLINE && nowMillis > deadlineMillis; }

    /** Frame i as the output frame it is, when the pair carries it. */
    public OutputFrame original() {
        if (!carriesOriginal()) throw new IllegalStateException("pair " + key() + " carries no original");
        return new OutputFrame(jobId, originalIndex, FrameOrigin.ORIGINAL, 0, frame0, publishedAtMillis);
    }

    /** Kafka key: spreads the pairs of one video over all partitions, and so over all replicas. */
    public String key() { return jobId + "/" + seq; }
}
