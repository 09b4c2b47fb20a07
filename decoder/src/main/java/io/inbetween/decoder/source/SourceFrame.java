package io.inbetween.decoder.source;

import io.inbetween.wire.RgbFrame;

/**
 * One decoded picture with its presentation time.
 *
 * @param pts          presentation time in ticks of the stream's time base (exact)
 * @param ptsMicros    the same time in whole microseconds, as it travels on the wire
 * @param image        a private copy of the picture (the grabber reuses its own buffers)
 * @param readAtMillis wall-clock time it was read from the source: where a live frame's latency starts
 */
public record SourceFrame(long pts, long ptsMicros, RgbFrame image, long readAtMillis) {
    /** The same picture at another place on the timeline (a live feed after a reconnect). */
    public SourceFrame shifted(long ticks, long micros) {
        return new SourceFrame(pts + ticks, ptsMicros + micros, image, readAtMillis);
    }
}
