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
    HLS("hls"),
    /** A live output pushed to an RTMP server (rtmp://, rtmps://). */
    PUSH_FLV("flv"),
    /** A live output pushed as MPEG-TS (srt://, udp://, tcp://). */
    PUSH_TS("mpegts");

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

    /** Written as it goes (a player reads it meanwhile), not under a partial name renamed at the end. */
    boolean isLive() { return this == HLS || isPush(); }

    /** Sent to a server rather than written to files. */
    boolean isPush() { return this == PUSH_FLV || this == PUSH_TS; }

    /** The container a push URL's scheme calls for. */
    static Container ofPush(String url) {
        String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT) : "";
        return switch (scheme) {
            case "rtmp", "rtmps" -> PUSH_FLV;
            case "srt", "udp", "tcp" -> PUSH_TS;
            default -> throw new EncodingException("cannot push to '" + url + "': the URL must be rtmp://, rtmps://, srt://, udp:// or tcp://");
        };
    }

    /** FFV1 where it can live (Matroska, the archival container), libx264 otherwise. */
    boolean usesFfv1(Encoding encoding) { return encoding.lossless() && this == MKV; }

    /**
     * AAC in MP4 and MOV, which hide its 1024-sample encoder delay in an edit list. Matroska has
     * no such list for AAC: the delay shows as a negative start and the file lasts 21 ms longer,
     * more than a frame at 50 fps. FLAC has no delay, takes any sample rate, and loses nothing.
     */
    int audioCodec() { return this == MKV ? AV_CODEC_ID_FLAC : AV_CODEC_ID_AAC; }
}
