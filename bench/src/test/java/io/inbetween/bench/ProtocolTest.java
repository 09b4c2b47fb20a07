package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtocolTest {
    /** Frame i is filled with the value i, so frames can be recognised. */
    static List<RgbFrame> numbered(int n) {
        List<RgbFrame> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] rgb = new byte[4 * 4 * 3];
            java.util.Arrays.fill(rgb, (byte) i);
            frames.add(new RgbFrame(4, 4, rgb));
        }
        return frames;
    }

    static List<Integer> ids(List<RgbFrame> frames) { return frames.stream().map(f -> (int) f.rgb()[0]).toList(); }

    @Test
    void twoXUsesEvenFramesAsInputsAndOddFramesAsTruth() {
        Protocol p = new Protocol(2);
        List<RgbFrame> w = numbered(9);
        assertThat(ids(p.inputs(w))).containsExactly(0, 2, 4, 6, 8);
        assertThat(ids(p.truths(w))).containsExactly(1, 3, 5, 7);
        assertThat(p.taus()).containsExactly(0.5);
    }

    @Test
    void fourXUsesEveryFourthFrame() {
        Protocol p = new Protocol(4);
        List<RgbFrame> w = numbered(11); // frames 9 and 10 are after the last input: unused
        assertThat(ids(p.inputs(w))).containsExactly(0, 4, 8);
        assertThat(ids(p.truths(w))).containsExactly(1, 2, 3, 5, 6, 7);
        assertThat(p.taus()).containsExactly(0.25, 0.5, 0.75);
    }

    @Test
    void aWindowTooShortForTheTaskIsRefused() {
        assertThatThrownBy(() -> new Protocol(4).inputs(numbered(4))).hasMessageContaining("too few for the 4x task");
    }

    @Test
    void duplicationRepeatsTheNearestInputInTruthOrder() {
        List<RgbFrame> w = numbered(9);
        Protocol p = new Protocol(4);
        List<RgbFrame> made = new DuplicationMethod().interpolate(p.inputs(w), 4);
        assertThat(made).hasSameSizeAs(p.truths(w));
        assertThat(ids(made)).containsExactly(0, 0, 4, 4, 4, 8); // a tie (tau 0.5) takes the earlier frame
    }
}
