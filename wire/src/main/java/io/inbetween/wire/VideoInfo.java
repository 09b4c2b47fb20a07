package io.inbetween.wire;

/**
 * What the decoder learned about a source once it opened it.
 *
 * @param sourceRate     the source's nominal rate (its timestamps rule; the rate is only a hint for VFR)
 * @param outputRate     the exact output rate the job resolves to
 * @param durationMicros the source duration, or -1 for live sources
 * @param audioChannels  audio channels of the source, 0 when it has no audio
 * @param displayRotation degrees counter-clockwise that the source's display matrix turns its
 *                        frames by when shown (a phone held upright: 90 or -90); the frames
 *                        themselves travel and are interpolated as stored, and the output carries
 *                        the same matrix
 */
public record VideoInfo(int width, int height, Rational sourceRate, Rational outputRate,
                        long durationMicros, int audioChannels, int audioSampleRate, String codec, double displayRotation) {
    /** A source shown as stored. */
    public VideoInfo(int width, int height, Rational sourceRate, Rational outputRate,
                     long durationMicros, int audioChannels, int audioSampleRate, String codec) {
        this(width, height, sourceRate, outputRate, durationMicros, audioChannels, audioSampleRate, codec, 0);
    }

    public boolean hasAudio() { return audioChannels > 0; }
}
