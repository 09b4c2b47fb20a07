package io.inbetween.training.data;

import io.inbetween.testing.TestMedia;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingDataTest {

    @Test void mixedSourceDrawsBothKindsAtTheCropSizeDeterministically() {
        Path media = TestMedia.dir();
        TripletSource source = TrainingData.mixed(media, List.of(), 96, 64, 0.5);
        assertThat(source.describe()).contains("synthetic").contains("real").contains("50%");
        Random a = new Random(21), b = new Random(21);
        for (int i = 0; i < 20; i++) {
            Triplet x = source.next(a), y = source.next(b);
            assertThat(x.width()).isEqualTo(96);
            assertThat(x.height()).isEqualTo(64);
            assertThat(x.tau()).isStrictlyBetween(0f, 1f);
            SameFrame.assertSameFrame(x.middle(), y.middle(), "triplet " + i);
        }
    }

    @Test void badArgumentsFailWithAClearMessage() {
        Path media = TestMedia.dir();
        assertThatThrownBy(() -> TrainingData.mixed(media, List.of(), 96, 64, 1.5)).hasMessageContaining("realFraction");
        assertThatThrownBy(() -> TrainingData.mixed(media, List.of(), 8, 64, 0.5)).hasMessageContaining("at least 16x16");
        assertThatThrownBy(() -> TrainingData.real(media, List.of(Path.of("/nonexistent/videos")), 64, 64))
                .hasMessageContaining("/nonexistent/videos");
        assertThatThrownBy(() -> TrainingData.synthetic(Path.of("/nonexistent"), 64, 64))
                .hasMessageContaining("run scripts/fetch-media.sh");
    }
}
