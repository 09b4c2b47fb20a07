package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MotionMeterTest {
    private static final int W = 640, H = 480;
    private static final RgbFrame PHOTO = BenchMedia.texture("mate-Elephants.jpg", W + 200, H + 200);

    @Test void aCameraPanIsMeasuredAsTheShiftOfEveryBlock() {
        MotionMeter.Result r = MotionMeter.measure(crop(PHOTO, 100, 100), crop(PHOTO, 100 + 36, 100 - 15));
        assertThat(r.medianMoving()).isCloseTo(Math.hypot(36, 15), within(1.5));
        assertThat(r.movingShare()).isGreaterThan(0.8);
    }

    @Test void noiseOnAStillFrameIsNoMotion() {
        RgbFrame still = crop(PHOTO, 100, 100);
        MotionMeter.Result r = MotionMeter.measure(still, BenchMedia.noise(still, 3, 7));
        assertThat(r.movingShare()).isLessThan(0.05);
        assertThat(r.texturedBlocks()).isGreaterThan(100);
    }

    @Test void theMedianIsTakenOverMovingBlocksOnly() {
        RgbFrame background = crop(PHOTO, 0, 0);
        RgbFrame a = paste(background, crop(PHOTO, 150, 150, 192, 192), 100, 100);
        RgbFrame b = paste(background, crop(PHOTO, 150, 150, 192, 192), 160, 100); // a patch moves 60 px right
        MotionMeter.Result r = MotionMeter.measure(a, b);
        assertThat(r.medianMoving()).isCloseTo(60, within(3.0));
        assertThat(r.movingShare()).isBetween(0.05, 0.4);
    }

    @Test void framesOfDifferentSizesAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MotionMeter.measure(crop(PHOTO, 0, 0), crop(PHOTO, 0, 0, 320, 240)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in size");
    }

    private static RgbFrame crop(RgbFrame f, int x, int y) { return crop(f, x, y, W, H); }

    private static RgbFrame crop(RgbFrame f, int x0, int y0, int w, int h) {
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) System.arraycopy(f.rgb(), 3 * ((y0 + y) * f.width() + x0), out, 3 * y * w, 3 * w);
        return new RgbFrame(w, h, out);
    }

    private static RgbFrame paste(RgbFrame base, RgbFrame patch, int x0, int y0) {
        byte[] out = base.rgb().clone();
        for (int y = 0; y < patch.height(); y++)
            System.arraycopy(patch.rgb(), 3 * y * patch.width(), out, 3 * ((y0 + y) * base.width() + x0), 3 * patch.width());
        return new RgbFrame(base.width(), base.height(), out);
    }
}
