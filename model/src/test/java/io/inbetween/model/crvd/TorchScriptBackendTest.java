package io.inbetween.model.crvd;

import io.inbetween.model.synthesis.FrameSynthesizer;
import io.inbetween.model.synthesis.SynthesisException;
import io.inbetween.model.synthesis.SynthesisRequest;
import io.inbetween.model.synthesis.SynthesizerFactory;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.model.synthesis.TorchScriptSynthesizer;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The TorchScript backend loads a user's file offline and follows the contract. The file is a
 * weight-free blend made by scripts/make-torchscript-blend.py with Debian's python3-torch.
 */
class TorchScriptBackendTest {
    @TempDir Path dir;

    private static Path blendModel() throws URISyntaxException {
        var url = TorchScriptBackendTest.class.getResource("/torchscript/blend.pt");
        assertThat(url).as("test resource torchscript/blend.pt (scripts/make-torchscript-blend.py)").isNotNull();
        return Path.of(url.toURI());
    }

    @Test
    void userModelRunsThroughTheFactoryAndMatchesItsGraph() throws Exception {
        RgbFrame a = TestFrames.pattern(37, 21, 0, 1), b = TestFrames.pattern(37, 21, 5, 2);
        RgbFrame c = TestFrames.pattern(16, 8, 0, 3), d = TestFrames.pattern(16, 8, 2, 4);
        double[] taus = {0.25, 0.5, 0.75};
        try (FrameSynthesizer synth = SynthesizerFactory.create(new SynthesizerOptions("torchscript:" + blendModel(), "auto", 2, null))) {
            assertThat(synth.description()).contains("torchscript").contains("blend.pt");
            List<List<RgbFrame>> out = synth.synthesize(List.of(SynthesisRequest.of(a, b, taus, 4, 1), SynthesisRequest.of(c, d, new double[] {0.1}, 0, 1)));
            for (int k = 0; k < taus.length; k++) {
                RgbFrame f = out.get(0).get(k);
                for (int i = 0; i < f.rgb().length; i++) {
                    double expected = (1 - taus[k]) * (a.rgb()[i] & 0xff) + taus[k] * (b.rgb()[i] & 0xff);
                    assertThat((double) (f.rgb()[i] & 0xff)).isCloseTo(expected, within(1.0));
                }
            }
            RgbFrame small = out.get(1).get(0);
            assertThat(small.width()).isEqualTo(16);
            assertThat((double) (small.rgb()[5] & 0xff)).isCloseTo(0.9 * (c.rgb()[5] & 0xff) + 0.1 * (d.rgb()[5] & 0xff), within(1.0));
        }
    }

    @Test
    void missingCorruptAndWrongContractFilesFailWithOneLine() throws Exception {
        assertThatThrownBy(() -> TorchScriptSynthesizer.open(dir.resolve("none.pt"), "cpu", 1))
                .isInstanceOf(SynthesisException.class).hasMessageContaining("no TorchScript file at");
        Path junk = dir.resolve("junk.pt");
        Files.write(junk, "definitely not a zip archive".getBytes());
        assertThatThrownBy(() -> TorchScriptSynthesizer.open(junk, "cpu", 1))
                .isInstanceOf(SynthesisException.class).hasMessageStartingWith("cannot load TorchScript model " + junk)
                .hasMessageNotContaining("\n");
    }

    @Test
    void crvdIsTheFactoryDefault() {
        try (FrameSynthesizer synth = SynthesizerFactory.create(SynthesizerOptions.defaults())) {
            assertThat(synth.description()).startsWith("crvd");
        }
    }
}
