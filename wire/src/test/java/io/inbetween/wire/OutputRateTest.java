package io.inbetween.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputRateTest {
    @Test
    void aFactorObeysTheSameCapAsAnFps() {
        assertThat(OutputRate.factor(2).resolve(Rational.of(25, 1))).isEqualTo(Rational.of(50, 1));
        assertThat(OutputRate.factor(4).resolve(Rational.of(250, 1))).isEqualTo(Rational.of(1000, 1));
        assertThatThrownBy(() -> OutputRate.factor(16).resolve(Rational.of(1000, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("factor 16 of a 1000 fps source is 16000 fps, above the maximum of 1000 fps");
        assertThatThrownBy(() -> OutputRate.fps(Rational.of(1001, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fps must be in (0, 1000], got 1001");
    }
}
