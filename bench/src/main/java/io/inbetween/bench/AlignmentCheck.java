package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;

import java.util.List;
import java.util.Locale;

/**
 * Proves that an external interpolator's output lines up with its inputs before it is scored:
 * at factor f, output frame k·f is shown at the time of input k and must be that input, passed
 * through. A tool that drops, adds or shifts frames would otherwise be scored against the wrong
 * ground truth and look far better or worse than it is.
 */
public final class AlignmentCheck {
    /**
     * Least PSNR of a passed-through frame against its input. minterpolate works in YUV, so its
     * round trip costs about 52 dB; a frame one input away scores far below on moving content.
     */
    public static final double MIN_PASSTHROUGH_DB = 40;

    private AlignmentCheck() {}

    /** @throws IllegalStateException naming the first output frame that is missing or misplaced */
    public static void verify(String tool, List<RgbFrame> inputs, List<RgbFrame> output, int factor) {
        int expected = (inputs.size() - 1) * factor + 1;
        if (output.size() != expected)
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "%s returned %d frames for %d inputs at %dx, expected %d: output and ground truth would not line up",
                    tool, output.size(), inputs.size(), factor, expected));
        for (int k = 0; k < inputs.size(); k++) {
            double db = Psnr.of(inputs.get(k), output.get(k * factor));
            if (db < MIN_PASSTHROUGH_DB)
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%s output is misaligned: frame %d should pass input %d through but matches it at only %.1f dB "
                                + "(needs %.0f dB); the nearest input is %d", tool, k * factor, k, db, MIN_PASSTHROUGH_DB,
                        nearest(inputs, output.get(k * factor))));
        }
    }

    private static int nearest(List<RgbFrame> inputs, RgbFrame frame) {
        int best = 0;
        double bestDb = -1;
        for (int i = 0; i < inputs.size(); i++) {
            double db = Psnr.of(inputs.get(i), frame);
            if (db > bestDb) { bestDb = db; best = i; }
        }
        return best;
    }
}
