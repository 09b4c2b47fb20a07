package io.inbetween.decoder.source;

import io.inbetween.wire.Rational;

/**
 * Pictures in presentation order with what the decoder needs to know of their stream: a file or a
 * URL opened by {@link VideoSource}, or a live feed read ahead by {@link LiveFeed}.
 */
public interface FrameSource extends AutoCloseable {
    /** The next picture, or null at the end; throws {@link io.inbetween.decoder.InputException} when the source fails. */
    SourceFrame next();

    String input();

    /** Frames come in real time and the end is not known in advance. */
    boolean isLive();

    int width();

    int height();

    /** Degrees counter-clockwise of the stream's display matrix, 0 without one. */
    double displayRotation();

    /** The stream's nominal rate, exact. Timestamps rule; this is a hint for VFR. */
    Rational frameRate();

    /** Seconds per pts tick. */
    Rational timeBase();

    /** The container's duration, or -1 when unknown (live). */
    long durationMicros();

    /** Where the video ends on the pts clock, in seconds, or null when unknown. */
    Rational streamEnd();

    /** True when {@link #streamEnd()} is the video stream's own duration, false when it is the container's. */
    boolean streamEndExact();

    String codec();

    int audioChannels();

    int audioSampleRate();

    @Override void close();
}
