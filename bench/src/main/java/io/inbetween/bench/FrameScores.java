package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;

/** The three scores of one synthesized frame against its ground truth. */
public record FrameScores(double psnr, double ssim, double gmsd) {

    public static FrameScores of(RgbFrame truth, RgbFrame synthesized) { return new Scorer().score(truth, synthesized); }

    /** Scores frame after frame with reused buffers (one per thread). */
    public static final class Scorer {
        private final Ssim ssim = new Ssim();
        private final Gmsd gmsd = new Gmsd();

        public FrameScores score(RgbFrame truth, RgbFrame synthesized) {
            return new FrameScores(Psnr.of(truth, synthesized), ssim.score(truth, synthesized), gmsd.score(truth, synthesized));
        }
    }
}
