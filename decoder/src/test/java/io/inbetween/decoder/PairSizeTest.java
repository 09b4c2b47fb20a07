package io.inbetween.decoder;

import io.inbetween.wire.FramePair;
import io.inbetween.wire.KafkaLimits;
import io.inbetween.wire.RgbFrame;
import io.inbetween.wire.Slot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Frame pairs against KafkaLimits.MAX_RECORD_BYTES (64 MiB), with frames made in memory. Frames
 * are compressed per record, so the worst case is noise, which does not compress: its records
 * are the raw size.
 */
class PairSizeTest {
    /** Noise frames: the largest record a pair of this size can make. */
    private static FramePair pair(int width, int height) {
        java.util.Random rng = new java.util.Random(width * 31L + height);
        byte[] a = new byte[width * height * 3], b = new byte[width * height * 3];
        rng.nextBytes(a);
        rng.nextBytes(b);
        return new FramePair("size", 0, 0, 40_000, false, new RgbFrame(width, height, a), new RgbFrame(width, height, b),
                List.of(new Slot(1, 0.5)), 0, 1, 0);
    }

    @Test
    void fullHdPasses() {
        byte[] bytes = JobDecoder.serialize(pair(1920, 1080));
        assertThat(bytes.length).isBetween(2 * 1920 * 1080 * 3, 2 * 1920 * 1080 * 3 + 200);
        VideoProbe.checkPairSize(1920, 1080);
        // a flat picture is almost nothing once compressed
        RgbFrame flat = new RgbFrame(1920, 1080, new byte[1920 * 1080 * 3]);
        byte[] small = JobDecoder.serialize(new FramePair("size", 0, 0, 40_000, false, flat, flat, List.of(new Slot(1, 0.5)), 0, 1, 0));
        assertThat(small.length).isLessThan(64 * 1024);
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
