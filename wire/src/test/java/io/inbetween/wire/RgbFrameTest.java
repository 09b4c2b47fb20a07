package io.inbetween.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RgbFrameTest {
    @Test
    void copyDropsRowPaddingAndLeavesTheBufferAlone() {
        int w = 3, h = 2, stride = 16; // 9 bytes of pixels, 7 of padding per row
        ByteBuffer pixels = ByteBuffer.allocate(stride * h);
        for (int y = 0; y < h; y++)
            for (int i = 0; i < stride; i++) pixels.put(y * stride + i, (byte) (i < w * 3 ? y * 100 + i : 0xEE));
        RgbFrame frame = RgbFrame.copyOf(pixels, w, h, stride);
        assertThat(frame.rgb()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 100, 101, 102, 103, 104, 105, 106, 107, 108);
        assertThat(pixels.position()).isZero();
        assertThat(RgbFrame.copyOf(ByteBuffer.wrap(frame.rgb()), w, h, w * 3).rgb()).isEqualTo(frame.rgb());
    }

    @Test
    void aStrideShorterThanARowOrAShortBufferIsRefused() {
        assertThatThrownBy(() -> RgbFrame.copyOf(ByteBuffer.allocate(100), 10, 2, 20)).hasMessageContaining("stride 20");
        assertThatThrownBy(() -> RgbFrame.copyOf(ByteBuffer.allocate(10), 10, 2, 30)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
