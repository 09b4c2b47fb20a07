package io.inbetween.wire;

/**
 * One frame of the output video. Its presentation time is exact: {@code index / outputRate},
 * so the frame carries only its index.
 *
 * @param publishedAtMillis when the decoder published the source of this frame (latency metrics)
 */
public record OutputFrame(String jobId, long index, FrameOrigin origin, double tau, RgbFrame frame,
                          long publishedAtMillis) {
    public OutputFrame {
        if (jobId == null || jobId.isEmpty()) throw new IllegalArgumentException("output frame without a job id");
        if (index < 0) throw new IllegalArgumentException("negative output index " + index);
        if ((frame == null) != (origin == FrameOrigin.END_OF_STREAM || origin == FrameOrigin.REPEAT))
            throw new IllegalArgumentException("only the end-of-stream marker and a repeat have no picture");
    }

    /** Output frame {@code index}: the frame before it, again. */
    public static OutputFrame repeat(String jobId, long index, long publishedAtMillis) {
        return new OutputFrame(jobId, index, FrameOrigin.REPEAT, 0, null, publishedAtMillis);
    }

    /** The marker that closes a job of {@code totalFrames} output frames. */
    public static OutputFrame endOfStream(String jobId, long totalFrames) {
        return new OutputFrame(jobId, totalFrames, FrameOrigin.END_OF_STREAM, 0, null, System.currentTimeMillis());
    }

    public boolean isEndOfStream() { return origin == FrameOrigin.END_OF_STREAM; }
}
