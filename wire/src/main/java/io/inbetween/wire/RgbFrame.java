package io.inbetween.wire;

import java.nio.ByteBuffer;

/**
 * One picture as packed 8-bit RGB (RGB24, row-major, no padding). Frames cross Kafka as 8-bit
 * data, never float: a float frame is four times larger and compresses far worse.
 */
public record RgbFrame(int width, int height, byte[] rgb) {

    public RgbFrame {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
        long expected = (long) width * height * 3;
        if (rgb.length != expected)
            throw new IllegalArgumentException("frame " + width + "x" + height + " needs " + expected + " RGB bytes, got " + rgb.length);
    }

    /**
     * Copies a decoder's RGB24 picture, whose rows may be padded to {@code stride} bytes. Absolute
     * reads: the buffer's position is untouched (FFmpeg grabbers reuse it for the next frame).
     */
    public static RgbFrame copyOf(ByteBuffer pixels, int width, int height, int stride) {
        int row = width * 3;
        if (stride < row) throw new IllegalArgumentException("row stride " + stride + " is shorter than a " + width + "-pixel RGB row");
        byte[] rgb = new byte[row * height];
        if (stride == row) pixels.get(0, rgb, 0, rgb.length);
        else for (int y = 0; y < height; y++) pixels.get(y * stride, rgb, y * row, row);
        return new RgbFrame(width, height, rgb);
    }

    public int byteSize() { return rgb.length; }

    public boolean sameSizeAs(RgbFrame other) { return width == other.width && height == other.height; }

    @Override public String toString() { return "RgbFrame[" + width + "x" + height + "]"; }
}
