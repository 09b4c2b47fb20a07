package io.inbetween.training.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TripletTest {

    /** A 3x2 frame whose every value is unique: 100*channel + 10*y + x, plus an offset per frame. */
    private static float[] numbered(int offset) {
        float[] f = new float[3 * 2 * 3];
        for (int c = 0; c < 3; c++) for (int y = 0; y < 2; y++) for (int x = 0; x < 3; x++) f[(c * 2 + y) * 3 + x] = offset + 100 * c + 10 * y + x;
        return f;
    }

    private final Triplet triplet = new Triplet(3, 2, numbered(0), numbered(1000), numbered(2000), 0.25f);

    @Test void timeReversalSwapsTheEndsAndMirrorsTau() {
        Triplet back = triplet.timeReversed();
        assertThat(back.frame0()).isSameAs(triplet.frame1());
        assertThat(back.frame1()).isSameAs(triplet.frame0());
        assertThat(back.middle()).isSameAs(triplet.middle());
        assertThat(back.tau()).isEqualTo(0.75f);
        assertThat(back.timeReversed().tau()).isEqualTo(triplet.tau());
    }

    @Test void horizontalFlipMirrorsColumnsOfEveryPlane() {
        Triplet flipped = triplet.flippedHorizontally();
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 2; y++)
                for (int x = 0; x < 3; x++) {
                    int at = (c * 2 + y) * 3 + x, mirrored = (c * 2 + y) * 3 + (2 - x);
                    assertThat(flipped.frame0()[at]).isEqualTo(triplet.frame0()[mirrored]);
                    assertThat(flipped.middle()[at]).isEqualTo(triplet.middle()[mirrored]);
                    assertThat(flipped.frame1()[at]).isEqualTo(triplet.frame1()[mirrored]);
                }
        assertThat(flipped.tau()).isEqualTo(triplet.tau());
        assertThat(flipped.flippedHorizontally().frame1()).containsExactly(triplet.frame1());
    }

    @Test void verticalFlipMirrorsRowsOfEveryPlane() {
        Triplet flipped = triplet.flippedVertically();
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 2; y++)
                for (int x = 0; x < 3; x++)
                    assertThat(flipped.middle()[(c * 2 + y) * 3 + x]).isEqualTo(triplet.middle()[(c * 2 + (1 - y)) * 3 + x]);
        assertThat(flipped.flippedVertically().frame0()).containsExactly(triplet.frame0());
        assertThat(triplet.frame0()).containsExactly(numbered(0)); // the original is untouched
    }

    @Test void rejectsWrongSizesAndTaus() {
        assertThatThrownBy(() -> new Triplet(3, 2, new float[17], numbered(0), numbered(0), 0.5f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("18 floats per frame");
        assertThatThrownBy(() -> new Triplet(3, 2, numbered(0), numbered(0), numbered(0), 1f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tau must lie in (0,1)");
        assertThatThrownBy(() -> new Triplet(0, 2, new float[0], new float[0], new float[0], 0.5f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
