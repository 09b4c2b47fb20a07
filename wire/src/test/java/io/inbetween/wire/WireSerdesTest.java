package io.inbetween.wire;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireSerdesTest {
    private static RgbFrame frame(int w, int h, int seed) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) (i * 7 + seed);
        return new RgbFrame(w, h, rgb);
    }

    private static FramePair pair(long original) {
        return new FramePair("job", 3, 120_000, 160_000, false, frame(5, 3, 1), frame(5, 3, 2),
                List.of(new Slot(7, 0.5)), 2, 9, 1_700_000_000_000L, original);
    }

    @Test
    void aPairAndTheOriginalItCarriesRoundTrip() {
        FramePair carrying = pair(6), plain = pair(FramePair.NO_ORIGINAL);
        FramePair back = WireSerdes.readPair(Topics.PAIRS, WireSerdes.writePair(Topics.PAIRS, carrying));
        assertThat(back.originalIndex()).isEqualTo(6);
        assertThat(back.carriesOriginal()).isTrue();
        assertThat(back.frame0().rgb()).isEqualTo(carrying.frame0().rgb());
        assertThat(back.slots()).isEqualTo(carrying.slots());
        assertThat(WireSerdes.readPair(Topics.PAIRS, WireSerdes.writePair(Topics.PAIRS, plain)).carriesOriginal()).isFalse();
    }

    @Test
    void aDeadlineRoundTripsAndPairsOfOlderDecodersStillRead() {
        FramePair live = new FramePair("job", 3, 120_000, 160_000, false, frame(5, 3, 1), frame(5, 3, 2),
                List.of(new Slot(7, 0.5)), 0, 9, 1_700_000_000_000L, 6, 1_700_000_001_400L);
        FramePair back = WireSerdes.readPair(Topics.PAIRS, WireSerdes.writePair(Topics.PAIRS, live));
        assertThat(back.deadlineMillis()).isEqualTo(1_700_000_001_400L);
        assertThat(back.isLate(1_700_000_001_400L)).isFalse();
        assertThat(back.isLate(1_700_000_001_401L)).isTrue();
        assertThat(pair(6).isLate(Long.MAX_VALUE)).as("a file's pair is never late").isFalse();

        byte[] v3 = WireSerdes.writePair(Topics.PAIRS, pair(FramePair.NO_ORIGINAL));
        byte[] v2 = Arrays.copyOf(v3, v3.length - Long.BYTES); // version 2 ended after the original's index
        v2[1] = 2;
        FramePair two = WireSerdes.readPair(Topics.PAIRS, v2);
        assertThat(two.deadlineMillis()).isEqualTo(FramePair.NO_DEADLINE);
        byte[] v1 = Arrays.copyOf(v3, v3.length - 2 * Long.BYTES); // version 1 ended after publishedAtMillis
        v1[1] = 1;
        FramePair old = WireSerdes.readPair(Topics.PAIRS, v1);
        assertThat(old.carriesOriginal()).isFalse();
        assertThat(old.publishedAtMillis()).isEqualTo(1_700_000_000_000L);
        byte[] v4 = v3.clone();
        v4[1] = 4;
        assertThatThrownBy(() -> WireSerdes.readPair(Topics.PAIRS, v4)).isInstanceOf(WireFormatException.class)
                .hasMessage("unsupported frame pair format version 4 (this build reads 1 to 3)");
    }

    @Test
    void aRepeatCarriesNoPicture() {
        OutputFrame repeat = OutputFrame.repeat("job", 11, 5);
        OutputFrame back = WireSerdes.readFrame(Topics.FRAMES, WireSerdes.writeFrame(Topics.FRAMES, repeat));
        assertThat(back.origin()).isEqualTo(FrameOrigin.REPEAT);
        assertThat(back.frame()).isNull();
        assertThat(back.index()).isEqualTo(11);
        assertThatThrownBy(() -> new OutputFrame("job", 1, FrameOrigin.REPEAT, 0, frame(1, 1, 0), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
