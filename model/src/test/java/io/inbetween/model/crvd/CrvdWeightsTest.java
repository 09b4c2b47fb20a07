package io.inbetween.model.crvd;

import ai.djl.Device;
import io.inbetween.model.synthesis.CrvdSynthesizer;
import io.inbetween.model.synthesis.SynthesisException;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrvdWeightsTest {
    @TempDir Path dir;

    @Test
    void savedWeightsReloadToTheSameFrames() throws Exception {
        Path file = dir.resolve("m.weights");
        RgbFrame a = TestFrames.pattern(40, 24, 0, 1), b = TestFrames.pattern(40, 24, 2, 2);
        try (CrvdModel model = TestFrames.noisyModel(3)) {
            model.save(file, "test run");
            RgbFrame before = model.interpolate(List.of(a), List.of(b), new float[] {0.5f}, 2, new long[] {1}, 0.5f).get(0);
            try (CrvdModel loaded = CrvdModel.load(file, Device.cpu())) {
                assertThat(loaded.provenance()).isEqualTo("test run");
                assertThat(loaded.config()).isEqualTo(model.config());
                RgbFrame after = loaded.interpolate(List.of(a), List.of(b), new float[] {0.5f}, 2, new long[] {1}, 0.5f).get(0);
                assertThat(after.rgb()).isEqualTo(before.rgb());
            }
        }
        assertThat(Files.size(file)).isLessThan(20L << 20);
    }

    @Test
    void missingFileSaysSo() {
        Path missing = dir.resolve("nope.weights");
        assertThatThrownBy(() -> CrvdModel.load(missing, Device.cpu()))
                .isInstanceOf(WeightsFormatException.class).hasMessageContaining("no CRVD weights file at " + missing);
        assertThatThrownBy(() -> CrvdSynthesizer.open(missing, "cpu", 1))
                .isInstanceOf(SynthesisException.class).hasMessageContaining("no CRVD weights file at");
    }

    @Test
    void foreignTruncatedAndCorruptFilesAreReportedAsSuch() throws Exception {
        Path file = dir.resolve("m.weights");
        try (CrvdModel model = CrvdModel.create(CrvdConfig.DEFAULT, Device.cpu())) {
            model.save(file, "x");
        }
        byte[] good = Files.readAllBytes(file);

        Path foreign = dir.resolve("foreign.weights");
        Files.write(foreign, "PK\u0003\u0004 this is a zip, not weights".getBytes());
        assertThatThrownBy(() -> CrvdModel.load(foreign, Device.cpu())).hasMessageContaining("is not a CRVD weights file");

        Path truncated = dir.resolve("truncated.weights");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> CrvdModel.load(truncated, Device.cpu())).isInstanceOf(WeightsFormatException.class)
                .message().containsAnyOf("corrupt", "truncated");

        Path flipped = dir.resolve("flipped.weights");
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x40;
        Files.write(flipped, bad);
        assertThatThrownBy(() -> CrvdModel.load(flipped, Device.cpu())).hasMessageContaining("corrupt (checksum mismatch)");
        assertThatThrownBy(() -> CrvdSynthesizer.open(flipped, "cpu", 2)).isInstanceOf(SynthesisException.class)
                .hasMessageContaining("corrupt").hasMessageNotContaining("\n");
    }
}
