package io.inbetween.bench;

/** Every frame pair of a clip synthesized in-process at 2x: the reference for the pipeline's overhead. */
public record ThroughputResult(String method, String clip, int width, int height, int inputFrames, int frames, double seconds) {
    public double fps() { return frames / seconds; }
}
