package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;

import java.util.List;

/** One contender of the benchmark: makes the in-between frames of a sequence of inputs. */
public interface InterpolationMethod extends AutoCloseable {

    /** The id used on the command line and in the result files, e.g. {@code blend}. */
    String id();

    /**
     * For each consecutive pair of inputs, the frames at tau = 1/f … (f-1)/f, flattened in time
     * order: (inputs.size() - 1) * (factor - 1) frames, the same order as {@link Protocol#truths}.
     */
    List<RgbFrame> interpolate(List<RgbFrame> inputs, int factor);

    /** Runs the method once, untimed, on frames of a new size (first-call costs: JIT, allocator, native kernels). */
    default void warmUp(List<RgbFrame> inputs, int factor) {}

    /**
     * Peak resident memory of the external process that does the work, in bytes; -1 when the
     * work runs in this JVM, whose own peak is then measured.
     */
    default long externalPeakRssBytes() { return -1; }

    /** One line for the report: what exactly ran (without the id). */
    String description();

    @Override void close();
}
