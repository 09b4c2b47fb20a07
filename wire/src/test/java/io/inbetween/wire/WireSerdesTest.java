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
    void aVersionOnePairFromAnOlderDecoderStillReadsAndCarriesNoOriginal() {
        byte[] v2 = WireSerdes.writePair(Topics.PAIRS, pair(FramePair.NO_ORIGINAL));
        byte[] v1 = Arrays.copyOf(v2, v2.length - Long.BYTES); // version 1 ended after publishedAtMillis
        v1[1] = 1;
        FramePair old = WireSerdes.readPair(Topics.PAIRS, v1);
        assertThat(old.carriesOriginal()).isFalse();
        assertThat(old.publishedAtMillis()).isEqualTo(1_700_000_000_000L);
        byte[] v3 = v2.clone();
        v3[1] = 3;
        assertThatThrownBy(() -> WireSerdes.readPair(Topics.PAIRS, v3)).isInstanceOf(WireFormatException.class)
                .hasMessage("unsupported frame pair format version 3 (this build reads 1 to 2)");
    }
}
