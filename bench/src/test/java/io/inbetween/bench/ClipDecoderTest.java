package io.inbetween.bench;

import io.inbetween.testing.TestMedia;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipDecoderTest {

    @Test
    void decodesAWindowAtNativeSizeAnd480p() {
        Path clip = TestMedia.video("mecavideo-Force_constante.avi");
        List<RgbFrame> nat = ClipDecoder.decode(clip, 20, 6, Resolution.NATIVE);
        List<RgbFrame> p480 = ClipDecoder.decode(clip, 20, 6, Resolution.P480);
        assertThat(nat).hasSize(6).allMatch(f -> f.width() == 400 && f.height() == 300);
        assertThat(p480).hasSize(6).allMatch(f -> f.width() == 640 && f.height() == 480);
        // the window is the same frames: consecutive frames differ, so the first frame of [21, +5) is frame 1 of [20, +6)
        assertThat(ClipDecoder.decode(clip, 21, 5, Resolution.NATIVE).get(0).rgb()).isEqualTo(nat.get(1).rgb());
        assertThat(nat.get(0).rgb()).isNotEqualTo(nat.get(1).rgb());
    }

    @Test
    void resolutionKeepsTheAspectRatioWithAnEvenWidth() {
        assertThat(Resolution.P480.size(400, 304)).containsExactly(632, 480);
        assertThat(Resolution.P480.size(160, 120)).containsExactly(640, 480);
        assertThat(Resolution.P480.size(1920, 1080)).containsExactly(854, 480);
        assertThat(Resolution.NATIVE.size(256, 256)).containsExactly(256, 256);
    }

    @Test
    void aWindowPastTheEndIsAClearError() {
        Path clip = TestMedia.video("mecavideo-g1.avi"); // 16 frames
        assertThatThrownBy(() -> ClipDecoder.decode(clip, 10, 17, Resolution.NATIVE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has only 16 frames");
    }

    @Test
    void aMissingClipPointsToTheFetchScript() {
        assertThatThrownBy(() -> ClipDecoder.decode(Path.of("/nonexistent/clip.avi"), 0, 3, Resolution.NATIVE))
                .hasMessageContaining("scripts/fetch-media.sh");
    }
}
