package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GmsdTest {
    private final RgbFrame photo = BenchMedia.texture("skimage-chelsea.png", 256, 192);

    @Test
    void identicalImagesScoreZero() {
        assertThat(Gmsd.of(photo, new RgbFrame(256, 192, photo.rgb().clone()))).isCloseTo(0, within(1e-12));
    }

    @Test
    void aBlurredImageLosesToAnEqualPsnrBrightnessShift() {
        RgbFrame blurred = BenchMedia.blur(photo, 2);
        // a brightness shift with (about) the blur's MSE: PSNR cannot tell them apart, the sharpness metric must
        int delta = (int) Math.round(Math.sqrt(Psnr.mse(photo, blurred)));
        RgbFrame shifted = BenchMedia.offset(photo, delta);
        assertThat(Psnr.of(photo, shifted)).isCloseTo(Psnr.of(photo, blurred), within(1.0));

        double gmsdBlur = Gmsd.of(photo, blurred), gmsdShift = Gmsd.of(photo, shifted);
        assertThat(gmsdBlur).isGreaterThan(0.05);
        assertThat(gmsdBlur).isGreaterThan(3 * gmsdShift);
    }

    @Test
    void moreBlurScoresWorse() {
        assertThat(Gmsd.of(photo, BenchMedia.blur(photo, 1))).isLessThan(Gmsd.of(photo, BenchMedia.blur(photo, 3)));
    }
}
