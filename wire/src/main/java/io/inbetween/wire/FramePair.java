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
 */
public record FramePair(String jobId, long seq, long pts0Micros, long pts1Micros, boolean sceneCut,
                        RgbFrame frame0, RgbFrame frame1, List<Slot> slots, int steps, long seed,
                        long publishedAtMillis) {

    public FramePair {
        if (jobId == null || jobId.isEmpty()) throw new IllegalArgumentException("pair without a job id");
        if (!frame0.sameSizeAs(frame1))
            throw new IllegalArgumentException("pair frames differ in size: " + frame0 + " vs " + frame1);
        if (pts1Micros <= pts0Micros)
            throw new IllegalArgumentException("pair timestamps not increasing: " + pts0Micros + " -> " + pts1Micros);
        slots = List.copyOf(slots);
        if (steps < 0) throw new IllegalArgumentException("negative diffusion steps " + steps);
    }

    /** Kafka key: spreads the pairs of one video over all partitions, and so over all replicas. */
    public String key() { return jobId + "/" + seq; }
}
