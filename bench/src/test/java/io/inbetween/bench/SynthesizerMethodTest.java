package io.inbetween.bench;

import io.inbetween.testing.TestMedia;
import io.inbetween.model.synthesis.BlendSynthesizer;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SynthesizerMethodTest {
    private final BenchSettings settings = new BenchSettings("ffmpeg", 4, null, null, "cpu", 3, 0);

    @Test
    void blendFromTheCatalogMakesTheFramesInTruthOrderAcrossBatches() {
        List<RgbFrame> window = ClipDecoder.decode(TestMedia.video("gem-anim-1.mov"), 70, 17, Resolution.NATIVE);
        Protocol p = new Protocol(4);
        List<RgbFrame> inputs = p.inputs(window);
        try (InterpolationMethod blend = MethodCatalog.open("blend", settings)) {
            List<RgbFrame> made = blend.interpolate(inputs, 4); // 4 pairs in calls of 3: the batching must not reorder
            assertThat(made).hasSameSizeAs(p.truths(window));
            for (int gap = 0; gap < 4; gap++)
                for (int j = 1; j < 4; j++)
                    assertThat(made.get(gap * 3 + j - 1).rgb())
                            .isEqualTo(BlendSynthesizer.blend(inputs.get(gap), inputs.get(gap + 1), j / 4.0).rgb());
        }
    }

    @Test
    void unknownMethodsAreNamedWithTheValidOnes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MethodCatalog.validate("rife", settings))
                .hasMessageContaining("unknown method 'rife'").hasMessageContaining("minterpolate");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MethodCatalog.validate("torchscript", settings))
                .hasMessageContaining("--torchscript");
    }

    @Test
    void defaultMethodsCompareKZeroWithTheDefaultK() {
        assertThat(MethodCatalog.defaultIds(settings))
                .containsExactly("crvd-k0", "crvd-k4", "blend", "duplicate", "minterpolate", "minterpolate-noscd");
        assertThat(MethodCatalog.upscaleArguments("crvd-k4", settings)).containsExactly("--synthesizer", "crvd", "--steps", "4");
    }
}
