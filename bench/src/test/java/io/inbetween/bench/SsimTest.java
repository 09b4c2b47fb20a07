package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SsimTest {
    private final RgbFrame photo = BenchMedia.texture("skimage-astronaut.png", 160, 120);

    @Test
    void identicalImagesScoreOne() {
        assertThat(Ssim.of(photo, new RgbFrame(160, 120, photo.rgb().clone()))).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void strongerDistortionScoresLower() {
        double mild = Ssim.of(photo, BenchMedia.noise(photo, 4, 1));
        double strong = Ssim.of(photo, BenchMedia.noise(photo, 16, 1));
        double blurred = Ssim.of(photo, BenchMedia.blur(photo, 2));
        assertThat(mild).isLessThan(1).isGreaterThan(strong);
        assertThat(blurred).isLessThan(1);
    }

    @Test
    void isSymmetric() {
        RgbFrame other = BenchMedia.blur(photo, 1);
        assertThat(Ssim.of(photo, other)).isCloseTo(Ssim.of(other, photo), within(1e-12));
    }

    @Test
    void framesSmallerThanTheWindowAreRefused() {
        RgbFrame tiny = new RgbFrame(10, 10, new byte[300]);
        assertThatThrownBy(() -> Ssim.of(tiny, tiny)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11x11");
    }
}
