package io.inbetween.wire;

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

    public int byteSize() { return rgb.length; }

    public boolean sameSizeAs(RgbFrame other) { return width == other.width && height == other.height; }

    @Override public String toString() { return "RgbFrame[" + width + "x" + height + "]"; }
}
