package io.inbetween.wire;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * Frame bytes on the wire, compressed losslessly per record so that the record's own size (what
 * {@code max.request.size} and a managed cluster's record cap see) is the compressed size: zstd
 * at level {@value #LEVEL}, with its checksum. A frame that does not shrink (noise) travels raw.
 * The decoded frame is byte-for-byte the original.
 * <p>
 * Measured on real frames (2 cores, per frame): 854x480 camera 0.23 of raw, 3.3 ms to write and
 * 1.5 ms to read; 1920x1080 0.12-0.30, 10-15 ms and 6-7 ms, so a 1080p pair is 1.5-3.7 MB. A
 * left-pixel delta before zstd shrank frames a further 20-40 % but doubled the reading time (its
 * undo is a serial loop), and the pipeline reads every frame three times. Producers therefore
 * compress nothing more ({@link KafkaLimits#COMPRESSION}).
 */
final class FrameCodec {
    static final int RAW = 0, ZSTD = 1;
    /** zstd's fastest regular level: real frames shrink to about a third, at hundreds of MB/s. */
    static final int LEVEL = 1;

    private FrameCodec() {}

    static void write(DataOutputStream out, RgbFrame f) throws IOException {
        out.writeInt(f.width());
        out.writeInt(f.height());
        byte[] rgb = f.rgb();
        byte[] packed;
        try (ZstdCompressCtx zstd = new ZstdCompressCtx()) {
            zstd.setLevel(LEVEL);
            zstd.setChecksum(true); // a damaged record fails to decode instead of giving another picture
            packed = zstd.compress(rgb);
        }
        if (packed.length >= rgb.length) {
            out.writeByte(RAW);
            out.write(rgb);
        } else {
            out.writeByte(ZSTD);
            out.writeInt(packed.length);
            out.write(packed);
        }
    }

    static RgbFrame read(DataInputStream in) throws IOException {
        int w = in.readInt(), h = in.readInt();
        checkSize(w, h);
        int n = w * h * 3, codec = in.readUnsignedByte();
        byte[] rgb;
        if (codec == RAW) {
            if (n > in.available()) throw new EOFException();
            rgb = new byte[n];
            in.readFully(rgb);
        } else if (codec == ZSTD) {
            int length = in.readInt();
            if (length <= 0 || length > in.available()) throw new EOFException();
            byte[] packed = new byte[length];
            in.readFully(packed);
            rgb = new byte[n];
            long got;
            try {
                got = Zstd.decompress(rgb, packed);
            } catch (RuntimeException e) {
                throw new WireFormatException("corrupt compressed frame: " + e.getMessage(), e);
            }
            if (Zstd.isError(got) || got != n)
                throw new WireFormatException("corrupt compressed frame: " + (Zstd.isError(got) ? Zstd.getErrorName(got) : got + " of " + n + " bytes"));
        } else {
            throw new WireFormatException("unknown frame codec " + codec);
        }
        return new RgbFrame(w, h, rgb);
    }

    /** The version-1 layout (records written before frames were compressed): width, height, raw bytes. */
    static RgbFrame readRaw(DataInputStream in) throws IOException {
        int w = in.readInt(), h = in.readInt();
        checkSize(w, h);
        if ((long) w * h * 3 > in.available()) throw new EOFException();
        byte[] rgb = new byte[w * h * 3];
        in.readFully(rgb);
        return new RgbFrame(w, h, rgb);
    }

    private static void checkSize(int w, int h) {
        if (w <= 0 || h <= 0 || (long) w * h > 16384L * 16384L) throw new WireFormatException("implausible frame size " + w + "x" + h);
    }
}
