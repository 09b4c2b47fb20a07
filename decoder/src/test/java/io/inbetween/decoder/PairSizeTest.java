package io.inbetween.decoder;

import io.inbetween.wire.FramePair;
import io.inbetween.wire.KafkaLimits;
import io.inbetween.wire.RgbFrame;
import io.inbetween.wire.Slot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Frame pairs against KafkaLimits.MAX_RECORD_BYTES (64 MiB), with frames made in memory. */
class PairSizeTest {
    private static FramePair pair(int width, int height) {
        RgbFrame a = new RgbFrame(width, height, new byte[width * height * 3]);
        RgbFrame b = new RgbFrame(width, height, new byte[width * height * 3]);
        return new FramePair("size", 0, 0, 40_000, false, a, b, List.of(new Slot(1, 0.5)), 0, 1, 0);
    }

    @Test
    void fullHdPasses() {
        byte[] bytes = JobDecoder.serialize(pair(1920, 1080));
        assertThat(bytes.length).isBetween(2 * 1920 * 1080 * 3, 2 * 1920 * 1080 * 3 + 200);
        VideoProbe.checkPairSize(1920, 1080);
    }

    @Test
    void uhd4kPassesAs50MegabytesUnderTheLimit() {
        byte[] bytes = JobDecoder.serialize(pair(3840, 2160));
        assertThat(bytes.length).isLessThan(KafkaLimits.MAX_RECORD_BYTES).isGreaterThan(49_700_000);
        VideoProbe.checkPairSize(3840, 2160);
        VideoProbe.checkPairSize(4096, 2160); // DCI 4K: 53 MB
    }

    @Test
    void aPairAboveTheLimitFailsAtOnceNamingIt() {
        // 5K: 88.5 MB per pair
        assertThatThrownBy(() -> JobDecoder.serialize(pair(5120, 2880)))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("a 5120x2880 frame pair is 88.5 MB, above Inbetween's max.request.size of 64 MB")
                .hasMessageContaining("KafkaLimits.MAX_RECORD_BYTES");
        // the same check before any frame is decoded
        assertThatThrownBy(() -> VideoProbe.checkPairSize(7680, 4320))
                .isInstanceOf(InputException.class)
                .hasMessage("a 7680x4320 frame pair is 199.1 MB, above Inbetween's max.request.size of 64 MB "
                        + "(KafkaLimits.MAX_RECORD_BYTES); downscale the input or raise the limit");
    }
}
