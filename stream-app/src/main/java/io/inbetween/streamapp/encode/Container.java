package io.inbetween.streamapp.encode;

import io.inbetween.wire.Encoding;

import java.nio.file.Path;
import java.util.Locale;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_FLAC;

/** The output file formats Inbetween writes, told apart by the file name's extension. */
enum Container {
    MP4("mp4"), MOV("mov"), MKV("matroska"),
    /** A live output: an HLS playlist (.m3u8) with its MPEG-TS segments beside it, written as the frames come. */
    HLS("hls");

    /** The FFmpeg muxer name. */
    final String muxer;

    Container(String muxer) { this.muxer = muxer; }

    static Container of(Path output) {
        String name = output.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        return switch (ext) {
            case "mp4", "m4v" -> MP4;
            case "mov" -> MOV;
            case "mkv" -> MKV;
            case "m3u8" -> HLS;
            default -> throw new EncodingException("cannot write '" + name + "': the output must end in .mp4, .m4v, .mov, .mkv or .m3u8 (HLS)"
                    + (ext.isEmpty() ? "" : ", not ." + ext));
        };
    }

    /** Written in place as it grows (a player reads it meanwhile), not under a partial name renamed at the end. */
    boolean isLive() { return this == HLS; }

    /** FFV1 where it can live (Matroska, the archival container), libx264 otherwise. */
    boolean usesFfv1(Encoding encoding) { return encoding.lossless() && this == MKV; }

    /**
     * AAC in MP4 and MOV, which hide its 1024-sample encoder delay in an edit list. Matroska has
     * no such list for AAC: the delay shows as a negative start and the file lasts 21 ms longer,
     * more than a frame at 50 fps. FLAC has no delay, takes any sample rate, and loses nothing.
     */
    int audioCodec() { return this == MKV ? AV_CODEC_ID_FLAC : AV_CODEC_ID_AAC; }
}
