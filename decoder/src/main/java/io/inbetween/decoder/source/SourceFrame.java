package io.inbetween.decoder.source;

import io.inbetween.wire.RgbFrame;

/**
 * One decoded picture with its presentation time.
 *
 * @param pts       presentation time in ticks of the stream's time base (exact)
 * @param ptsMicros the same time in whole microseconds, as it travels on the wire
 * @param image     a private copy of the picture (the grabber reuses its own buffers)
 */
public record SourceFrame(long pts, long ptsMicros, RgbFrame image) {}
