package io.inbetween.decoder.source;

import io.inbetween.decoder.InputException;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProbeData;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.bytedeco.ffmpeg.global.avformat.AVPROBE_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.AVPROBE_SCORE_MAX;
import static org.bytedeco.ffmpeg.global.avformat.av_probe_input_format2;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/**
 * Turns JavaCV's "avformat_open_input() error -1094995529: Could not open input ..." into what
 * a user needs to hear: the file is not a video, is truncated, has no video stream, or the live
 * source is silent.
 */
final class OpenFailure {
    private static final Pattern CODE = Pattern.compile("error (-?\\d+)");
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OpenFailure.class);

    private OpenFailure() {}

    static InputException explain(String input, boolean url, Exception e, Duration waited, Duration liveTimeout) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Integer code = code(message);
        if (message.startsWith("Did not find a video or audio stream"))
            return new InputException(input + " has no video stream", e);
        if (message.contains("Unsupported video format or codec not found"))
            return new InputException(input + " uses a video codec this FFmpeg build cannot decode", e);
        if (url) {
            // One text for every way a network source fails: how a host or port answered
            // (refused, reset, 404, silent) would map the server's network for an API user.
            log.info("live source {} failed to open: {}", input, reason(e));
            return unreachable(input, liveTimeout);
        }
        // A file FFmpeg recognizes by its first bytes but cannot open has lost its end (an mp4 whose
        // moov box was never written, a cut-off download); anything else is simply not a video.
        if (recognizedContainer(Path.of(input)) != null || (code != null && code == AVERROR_EOF))
            return new InputException(input + " is truncated or corrupt (ffmpeg: " + reason(e) + ")", e);
        return new InputException(input + " is not a video (ffmpeg: " + reason(e) + ")", e);
    }

    /** A network source that could not be opened, whatever the cause: the same words for all. */
    static InputException unreachable(String input, Duration liveTimeout) {
        return new InputException(String.format(Locale.ROOT, "live source %s did not deliver a video stream within %d s"
                + " (it may be down, unreachable or not a stream)", input, Math.max(1, Math.round(liveTimeout.toMillis() / 1000.0))));
    }

    /** FFmpeg's own words for the error code in a JavaCV exception, else its message. */
    static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Integer code = code(message);
        if (code == null) return message;
        try (BytePointer text = new BytePointer(256)) {
            if (av_strerror(code, text, 256) != 0) return "error " + code;
            String words = text.getString();
            int end = words.indexOf('\0');
            return end >= 0 ? words.substring(0, end) : words;
        }
    }

    private static Integer code(String message) {
        Matcher m = CODE.matcher(message);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** The container FFmpeg sees in the file's first bytes (name ignored), or null. */
    static String recognizedContainer(Path path) {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(64 * 1024);
        } catch (IOException e) {
            return null;
        }
        if (head.length == 0) return null;
        // FFmpeg's probes may read up to AVPROBE_PADDING_SIZE zero bytes past the data.
        try (BytePointer buf = new BytePointer(Arrays.copyOf(head, head.length + AVPROBE_PADDING_SIZE));
             BytePointer name = new BytePointer("");
             AVProbeData probe = new AVProbeData();
             IntPointer score = new IntPointer(1)) {
            probe.filename(name).buf(buf).buf_size(head.length);
            score.put(AVPROBE_SCORE_MAX / 4); // like avformat_open_input: confident matches only
            AVInputFormat format = av_probe_input_format2(probe, 1, score);
            return format == null || format.isNull() ? null : format.name().getString();
        }
    }
}
