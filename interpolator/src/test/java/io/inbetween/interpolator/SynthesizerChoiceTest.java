package io.inbetween.interpolator;

import io.inbetween.model.synthesis.BlendSynthesizer;
import io.inbetween.model.synthesis.FrameSynthesizer;
import io.inbetween.model.synthesis.SynthesisException;
import io.inbetween.model.synthesis.SynthesizerFactory;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.wire.ConfigKeys;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The synthesizer factory and the interpolator command's options, up to the point where Kafka is needed. */
class SynthesizerChoiceTest {

    private static SynthesizerOptions kind(String kind) { return new SynthesizerOptions(kind, "auto", 4, null); }

    @Test
    void theFactoryBuildsTheBlend() {
        try (FrameSynthesizer synthesizer = SynthesizerFactory.create(kind("blend"))) {
            assertThat(synthesizer).isInstanceOf(BlendSynthesizer.class);
        }
    }

    @Test
    void theFactoryRefusesUnknownKindsListingTheValidOnes() {
        assertThatThrownBy(() -> SynthesizerFactory.create(kind("rife"))).isInstanceOf(SynthesisException.class)
                .hasMessage("unknown synthesizer 'rife'; valid: crvd, blend, torchscript:PATH");
        assertThatThrownBy(() -> SynthesizerFactory.create(kind("torchscript:"))).isInstanceOf(SynthesisException.class)
                .hasMessageContaining("needs the path of a TorchScript file");
    }

    @Test
    void optionsAreCheckedWithOneLineReasons() {
        assertThatThrownBy(() -> new SynthesizerOptions("blend", "tpu", 4, null))
                .hasMessage("unknown device 'tpu'; valid: auto, cpu, gpu, gpu:N");
        assertThatThrownBy(() -> new SynthesizerOptions("blend", "gpu:x", 4, null))
                .hasMessage("unknown device 'gpu:x'; valid: auto, cpu, gpu, gpu:N");
        assertThat(new SynthesizerOptions("blend", "gpu:1", 4, null).device()).isEqualTo("gpu:1");
        assertThatThrownBy(() -> new SynthesizerOptions("blend", "cpu", 0, null))
                .hasMessage("batch size must be 1 or more, got 0");
        assertThatThrownBy(() -> new SynthesizerOptions(" ", "cpu", 1, null))
                .hasMessage("no synthesizer given; valid: crvd, blend, torchscript:PATH");
        assertThat(new SynthesizerOptions("blend", "GPU", 1, null).device()).isEqualTo("gpu");
        assertThat(kind("torchscript:/models/m.pt").torchScriptPath()).isEqualTo(Path.of("/models/m.pt"));
        assertThat(kind("crvd").torchScriptPath()).isNull();
        assertThat(SynthesizerOptions.defaults()).isEqualTo(new SynthesizerOptions("crvd", "auto", 1, null));
    }

    @Test
    void theHelpExplainsEveryOptionWithItsDefault() {
        String help = new CommandLine(new InterpolatorCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF)
                .replaceAll("\\s+", " ");
        assertThat(help).contains("Usage: interpolator")
                .contains("--bootstrap-servers").contains("INBETWEEN_BOOTSTRAP_SERVERS")
                .contains("--synthesizer").contains("Default: crvd")
                .contains("--device").contains("Default: auto")
                .contains("--batch-size").contains("Default: 1")
                .contains("--model").contains("--threads")
                .contains("Default: the number of cores (" + Runtime.getRuntime().availableProcessors() + ")");
        assertThat(ConfigKeys.envName(ConfigKeys.BOOTSTRAP_SERVERS)).isEqualTo("INBETWEEN_BOOTSTRAP_SERVERS");
    }

    @Test
    void badOptionsAreUsageErrorsBeforeAnythingStarts() {
        assertThatThrownBy(() -> parse("--bootstrap-servers=", "--synthesizer", "blend").call())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("missing --bootstrap-servers (or the environment variable INBETWEEN_BOOTSTRAP_SERVERS)");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "b:9092", "--device", "tpu").call())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessage("unknown device 'tpu'; valid: auto, cpu, gpu, gpu:N");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "b:9092", "--batch-size", "0").call())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessage("batch size must be 1 or more, got 0");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "b:9092", "--threads", "0").call())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessage("--threads must be 1 or more, got 0");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "b:9092", "--model", "/no/such/weights.params").call())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessage("--model /no/such/weights.params: no such file");
    }

    @Test
    void anUnknownSynthesizerStopsTheCommandWithTheFactoryReason() {
        assertThatThrownBy(() -> parse("--bootstrap-servers", "127.0.0.1:9", "--synthesizer", "rife").call())
                .isInstanceOf(SynthesisException.class)
                .hasMessage("unknown synthesizer 'rife'; valid: crvd, blend, torchscript:PATH");
    }

    private static InterpolatorCommand parse(String... args) {
        InterpolatorCommand command = new InterpolatorCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
