package io.inbetween.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Tells from its first bytes whether an upload is a video container, whatever name or type the
 * client claimed. It is the cheap first gate: FFmpeg then opens what passes, to be sure there is a
 * decodable video stream. Pictures, audio, documents and text are refused here with what they
 * look like, so the user learns why.
 */
final class ContainerSniffer {
    static final int HEAD_BYTES = 512;

    /** A recognised container: the type to serve it with and a file extension. */
    record Container(String mimeType, String extension) {}

    private ContainerSniffer() {}

    static Container sniff(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            throw new ApiException(500, "cannot read the upload back: " + e.getMessage());
        }
        return sniff(head);
    }

    static Container sniff(byte[] h) {
        if (h.length == 0) throw notVideo("an empty file");
        if (h.length >= 12 && ascii(h, 4, "ftyp")) {
            return ascii(h, 8, "qt  ") ? new Container("video/quicktime", "mov") : new Container("video/mp4", "mp4");
        }
        if (h.length >= 8 && (ascii(h, 4, "moov") || ascii(h, 4, "mdat") || ascii(h, 4, "wide") || ascii(h, 4, "free")))
            return new Container("video/quicktime", "mov");
        if (startsWith(h, 0x1A, 0x45, 0xDF, 0xA3))
            return indexOf(h, "webm") >= 0 ? new Container("video/webm", "webm") : new Container("video/x-matroska", "mkv");
        if (h.length >= 12 && ascii(h, 0, "RIFF")) {
            if (ascii(h, 8, "AVI ")) return new Container("video/x-msvideo", "avi");
            if (ascii(h, 8, "WAVE")) throw notVideo("a WAV audio file");
            if (ascii(h, 8, "WEBP")) throw notVideo("a WebP picture");
            throw notVideo("a RIFF file that is not AVI");
        }
        if (ascii(h, 0, "OggS")) return new Container("video/ogg", "ogv");
        if (ascii(h, 0, "FLV")) return new Container("video/x-flv", "flv");
        if (startsWith(h, 0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11)) return new Container("video/x-ms-asf", "wmv");
        if (startsWith(h, 0x00, 0x00, 0x01, 0xBA) || startsWith(h, 0x00, 0x00, 0x01, 0xB3)) return new Container("video/mpeg", "mpg");
        if (h.length > 188 && (h[0] & 0xff) == 0x47 && (h[188] & 0xff) == 0x47) return new Container("video/mp2t", "ts");
        throw notVideo(describe(h));
    }

    /** What a refused file looks like, for the error message. */
    private static String describe(byte[] h) {
        if (startsWith(h, 0x89, 'P', 'N', 'G')) return "a PNG picture";
        if (startsWith(h, 0xFF, 0xD8, 0xFF)) return "a JPEG picture";
        if (ascii(h, 0, "GIF8")) return "a GIF picture";
        if (ascii(h, 0, "%PDF")) return "a PDF document";
        if (ascii(h, 0, "PK")) return "a ZIP archive";
        if (ascii(h, 0, "ID3") || startsWith(h, 0xFF, 0xFB)) return "an MP3 audio file";
        if (ascii(h, 0, "fLaC")) return "a FLAC audio file";
        int printable = 0;
        for (byte b : h) if ((b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t') printable++;
        if (printable == h.length) return "a text file";
        return "no video container this server knows";
    }

    private static ApiException notVideo(String what) {
        return new ApiException(415, "the upload is not a video (it looks like " + what
                + "); send a video file: MP4, MOV, MKV, WebM, AVI, Ogg, FLV, MPEG-TS or WMV");
    }

    private static boolean ascii(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return h.length >= at + b.length && Arrays.equals(h, at, at + b.length, b, 0, b.length);
    }

    private static boolean startsWith(byte[] h, int... bytes) {
        if (h.length < bytes.length) return false;
        for (int i = 0; i < bytes.length; i++) if ((h[i] & 0xff) != bytes[i]) return false;
        return true;
    }

    private static int indexOf(byte[] h, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + b.length <= h.length; i++) {
            for (int j = 0; j < b.length; j++) if (h[i + j] != b[j]) continue outer;
            return i;
        }
        return -1;
    }
}
