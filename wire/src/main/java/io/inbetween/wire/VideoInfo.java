package io.inbetween.wire;

/**
 * What the decoder learned about a source once it opened it.
 *
 * @param sourceRate     the source's nominal rate (its timestamps rule; the rate is only a hint for VFR)
 * @param outputRate     the exact output rate the job resolves to
 * @param durationMicros the source duration, or -1 for live sources
 * @param audioChannels  audio channels of the source, 0 when it has no audio
 */
public record VideoInfo(int width, int height, Rational sourceRate, Rational outputRate,
                        long durationMicros, int audioChannels, int audioSampleRate, String codec) {
    public boolean hasAudio() { return audioChannels > 0; }
}
