package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PsnrTest {

    /** Samples in 20..235, so that a perturbation of up to 20 never clips. */
    private static RgbFrame midRange(int w, int h, long seed) {
        Random rng = new Random(seed);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) (20 + rng.nextInt(216));
        return new RgbFrame(w, h, rgb);
    }

    @Test
    void alternatingPerturbationMatchesTheClosedForm() {
        RgbFrame a = midRange(64, 48, 1);
        for (int d : new int[] {1, 3, 7, 20}) {
            byte[] b = a.rgb().clone();
            for (int i = 0; i < b.length; i++) b[i] = (byte) ((b[i] & 0xff) + (i % 2 == 0 ? d : -d));
            double expected = 10 * Math.log10(255.0 * 255.0 / (d * d));
            assertThat(Psnr.mse(a, new RgbFrame(64, 48, b))).isEqualTo(d * d);
            assertThat(Psnr.of(a, new RgbFrame(64, 48, b))).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void sparsePerturbationMatchesTheClosedForm() {
        RgbFrame a = midRange(40, 30, 2);
        byte[] b = a.rgb().clone();
        int changed = 0;
        for (int i = 0; i < b.length; i += 7) { b[i] = (byte) ((b[i] & 0xff) + 10); changed++; }
        double mse = changed * 100.0 / b.length;
        assertThat(Psnr.of(a, new RgbFrame(40, 30, b))).isCloseTo(10 * Math.log10(65025 / mse), within(1e-12));
    }

    @Test
    void identicalFramesScoreTheCap() {
        RgbFrame a = midRange(16, 16, 3);
        assertThat(Psnr.of(a, new RgbFrame(16, 16, a.rgb().clone()))).isEqualTo(Psnr.CAP_DB);
    }

    @Test
    void framesOfDifferentSizesAreRefused() {
        assertThatThrownBy(() -> Psnr.of(midRange(16, 16, 4), midRange(16, 8, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different sizes");
    }
}
