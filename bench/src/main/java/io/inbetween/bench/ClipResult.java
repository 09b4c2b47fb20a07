package io.inbetween.bench;

/**
 * One method on one window at one resolution and factor: mean scores over the synthesized frames
 * and the wall time of making them.
 */
public record ClipResult(String method, String clip, Resolution resolution, int width, int height, int factor,
                         int frames, double psnr, double ssim, double gmsd, double seconds) {

    /** Synthesized frames per second. */
    public double fps() { return frames / seconds; }

    /** The task this result belongs to, e.g. "2x native". */
    public String task() { return factor + "x " + resolution.label(); }
}
