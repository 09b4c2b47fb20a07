package io.inbetween.decoder.source;

import io.inbetween.decoder.InputException;
import io.inbetween.wire.Rational;
import io.inbetween.wire.RgbFrame;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * A video source opened with FFmpeg (JavaCV): a file in any container and codec FFmpeg reads, or
 * a live URL. Hands out RGB24 pictures with their real timestamps, and turns every way a source
 * can be unusable into an {@link InputException} with a one-line reason.
 *
 * <p>Live sources never hang the decoder: network reads time out after {@code liveTimeout}
 * (FFmpeg's rw_timeout), and a source that keeps sending other packets but no picture for that
 * long is declared dead too.
 */
public final class VideoSource implements FrameSource {
    private static final Logger log = LoggerFactory.getLogger(VideoSource.class);
    /** How long past the live timeout an open may take before it is abandoned (FFmpeg's own deadlines should end it first). */
    private static final Duration OPEN_GRACE = Duration.ofSeconds(3);

    static {
        // JavaCV's own notices ("avformat_open_input rejected some options") go to slf4j, not stderr.
        if (System.getProperty("org.bytedeco.javacpp.logger") == null)
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        // FFmpeg writes its own log lines to stderr ("moov atom not found"); every failure already
        // becomes one line of ours carrying FFmpeg's reason, so only fatal messages get through.
        if (av_log_get_level() > AV_LOG_FATAL) av_log_set_level(AV_LOG_FATAL);
    }

    private final String input;
    private final FFmpegFrameGrabber grabber;
    private final Duration liveTimeout;
    private final boolean url;
    private final int width, height;
    private final Rational frameRate, timeBase;
    private final long durationMicros;
    private final Rational streamEnd;
    private final boolean streamEndExact;
    private final String codec;
    private final int audioChannels, audioSampleRate;
    private final double displayRotation;
    private long lastPictureNanos = System.nanoTime();
    private long lastPts = Long.MIN_VALUE;
    private boolean stalled;

    private VideoSource(String input, FFmpegFrameGrabber grabber, Duration liveTimeout, boolean url) {
        this.input = input;
        this.grabber = grabber;
        this.liveTimeout = liveTimeout;
        this.url = url;
        AVFormatContext format = grabber.getFormatContext();
        AVStream video = format.streams(grabber.getVideoStream());
        this.width = grabber.getImageWidth();
        this.height = grabber.getImageHeight();
        this.codec = avcodec_get_name(video.codecpar().codec_id()).getString(); // "av1", not the decoder's "libaom-av1"
        this.audioChannels = grabber.hasAudio() ? Math.max(0, grabber.getAudioChannels()) : 0;
        this.audioSampleRate = grabber.hasAudio() ? Math.max(0, grabber.getSampleRate()) : 0;
        double rotation = grabber.getDisplayRotation();
        this.displayRotation = Double.isFinite(rotation) ? rotation : 0;
        this.timeBase = rational(video.time_base());
        this.frameRate = rateOf(video);
        long containerDuration = format.duration();
        this.durationMicros = containerDuration != AV_NOPTS_VALUE && containerDuration > 0 ? containerDuration : -1;
        // Where the video ends: the stream's own duration when the container records it,
        // else the container's (which may include longer audio).
        if (video.duration() != AV_NOPTS_VALUE && video.duration() > 0) {
            long start = video.start_time() != AV_NOPTS_VALUE ? video.start_time() : 0;
            this.streamEnd = Rational.of(Math.multiplyExact(start + video.duration(), timeBase.num()), timeBase.den());
            this.streamEndExact = true;
        } else if (durationMicros > 0) {
            long start = format.start_time() != AV_NOPTS_VALUE ? format.start_time() : 0;
            this.streamEnd = Rational.of(start + durationMicros, 1_000_000);
            this.streamEndExact = false;
        } else {
            this.streamEnd = null;
            this.streamEndExact = false;
        }
    }

    /** Opens and validates a file, or a network source under the default {@link SourcePolicy} (no internal hosts). */
    public static VideoSource open(String input, Duration liveTimeout) {
        return open(input, liveTimeout, SourcePolicy.DEFAULT);
    }

    /**
     * Opens and validates a source. A network source must pass {@code policy}, and one that sends
     * nothing for {@code liveTimeout} fails. No lock is held while a source connects, so a stalled
     * one never holds up other opens (JavaCV's {@code start()} would hold one for the whole JVM).
     */
    public static VideoSource open(String input, Duration liveTimeout, SourcePolicy policy) {
        if (input == null || input.isBlank()) throw new InputException("no input given");
        boolean url = SourcePolicy.isNetwork(input);
        String target = url ? input : Path.of(stripFileScheme(input)).toString();
        if (url) target = policy.checkAndFollow(input, liveTimeout);
        else checkFile(input);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(target);
        grabber.setPixelFormat(AV_PIX_FMT_RGB24);
        if (url) policy.ffmpegOptions(target, liveTimeout).forEach(grabber::setOption);
        else grabber.setOption("protocol_whitelist", "file"); // a path such as "concat:a|b" or a playlist opens nothing else
        long started = System.nanoTime();
        try {
            if (url) SourceOpening.start(grabber, liveTimeout.plus(OPEN_GRACE));
            else grabber.startUnsafe();
        } catch (FFmpegFrameGrabber.Exception e) {
            release(grabber);
            throw OpenFailure.explain(input, url, e, Duration.ofNanos(System.nanoTime() - started), liveTimeout);
        } catch (SourceOpening.Abandoned e) {
            throw OpenFailure.unreachable(input, liveTimeout); // the grabber is released when its open returns
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            release(grabber);
            throw new InputException("cannot open " + input + ": " + e.getMessage(), e);
        }
        try {
            // FFmpeg's tty demuxer renders any .txt file as ANSI art; a text file is not a video.
            if ("tty".equals(grabber.getFormat()))
                throw new InputException(input + " is not a video (ffmpeg reads it as text)");
            if (!grabber.hasVideo()) throw new InputException(input + " has no video stream");
            AVStream video = grabber.getFormatContext().streams(grabber.getVideoStream());
            if ((video.disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0)
                throw new InputException(input + " has no video stream (only a cover picture)");
            if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0)
                throw new InputException(input + " has a video stream without a picture size");
            if (rateOf(video) == null)
                throw new InputException(input + " declares no frame rate for its video stream");
            VideoSource source = new VideoSource(input, grabber, liveTimeout, url);
            log.info("opened {} ({}): {}x{} {} at {} fps, {}", input, grabber.getFormat(), source.width, source.height,
                    source.codec, source.frameRate,
                    source.isLive() ? "live" : String.format(Locale.ROOT, "%.2f s", source.durationMicros / 1e6));
            return source;
        } catch (RuntimeException e) {
            release(grabber);
            throw e;
        }
    }

    /**
     * The next picture in presentation order, or null at the end. A live source that sends no
     * picture for the live timeout throws an {@link InputException}.
     */
    public SourceFrame next() {
        Frame frame;
        while (true) {
            long callStart = System.nanoTime();
            try {
                // Live: take audio too, so that a stream that still sends audio but no picture is noticed.
                frame = url ? grabber.grabFrame(true, true, true, false, false) : grabber.grabImage();
            } catch (FFmpegFrameGrabber.Exception e) {
                throw new InputException(input + " could not be decoded: " + OpenFailure.reason(e));
            }
            long now = System.nanoTime(), silentNanos = now - lastPictureNanos;
            // A read that blocked for the whole timeout was cut by rw_timeout: the source went silent.
            // The decoder may still hand out a few buffered pictures; the job fails once they are out.
            if (url && now - callStart >= liveTimeout.toNanos()) stalled = true;
            if (frame == null) {
                if (url && (stalled || silentNanos >= liveTimeout.toNanos())) throw deadSource();
                return null;
            }
            if (frame.image != null && frame.imageWidth > 0) break;
            if (url && silentNanos >= liveTimeout.toNanos()) throw deadSource();
        }
        lastPictureNanos = System.nanoTime();
        if (frame.imageWidth != width || frame.imageHeight != height)
            throw new InputException(input + " changes picture size mid-stream (" + width + "x" + height + " to "
                    + frame.imageWidth + "x" + frame.imageHeight + "), which Inbetween does not support");
        long pts = ptsOf(frame);
        lastPts = pts;
        return new SourceFrame(pts, micros(pts), copyRgb(frame), System.currentTimeMillis());
    }

    private InputException deadSource() {
        return new InputException(String.format(Locale.ROOT, "live source %s sent no frame for %d s", input,
                Math.max(1, Math.round(liveTimeout.toMillis() / 1000.0))));
    }

    /** The picture's best-effort timestamp in stream ticks; a frame without one follows the previous. */
    private long ptsOf(Frame frame) {
        long pts = frame.opaque instanceof AVFrame f ? f.best_effort_timestamp() : AV_NOPTS_VALUE;
        if (pts != AV_NOPTS_VALUE) return pts;
        if (lastPts == Long.MIN_VALUE) return 0;
        // One nominal frame duration later, in ticks (at least one tick).
        long step = Math.max(1, (timeBase.den() * frameRate.den()) / Math.max(1, timeBase.num() * frameRate.num()));
        return lastPts + step;
    }

    private RgbFrame copyRgb(Frame frame) {
        return RgbFrame.copyOf((ByteBuffer) frame.image[0], width, height, frame.imageStride);
    }

    /** Ticks of this stream's time base in whole microseconds (rounded down). */
    public long micros(long pts) {
        return Math.floorDiv(Math.multiplyExact(Math.multiplyExact(pts, timeBase.num()), 1_000_000L), timeBase.den());
    }

    public String input() { return input; }

    /** A URL with no known duration: frames come in real time and the end is not known in advance. */
    public boolean isLive() { return url && durationMicros < 0; }

    public int width() { return width; }

    /** Degrees counter-clockwise of the stream's display matrix, 0 without one. */
    public double displayRotation() { return displayRotation; }

    public int height() { return height; }

    /** The stream's nominal rate, exact (avg_frame_rate, else r_frame_rate). Timestamps rule; this is a hint for VFR. */
    public Rational frameRate() { return frameRate; }

    /** Seconds per pts tick. */
    public Rational timeBase() { return timeBase; }

    /** The container's duration, or -1 when unknown (live). */
    public long durationMicros() { return durationMicros; }

    /** Where the video ends on the pts clock, in seconds, or null when unknown. */
    public Rational streamEnd() { return streamEnd; }

    /** True when {@link #streamEnd()} is the video stream's own duration, false when it is the container's. */
    public boolean streamEndExact() { return streamEndExact; }

    public String codec() { return codec; }

    public int audioChannels() { return audioChannels; }

    public int audioSampleRate() { return audioSampleRate; }

    @Override public void close() { release(grabber); }

    static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.releaseUnsafe(); // release() would take the JVM-wide lock that start() takes
        } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
            log.warn("could not release the FFmpeg grabber: {}", e.getMessage());
        }
    }

    private static String stripFileScheme(String input) {
        return input.regionMatches(true, 0, "file://", 0, 7) ? input.substring(7) : input;
    }

    private static void checkFile(String input) {
        Path path = Path.of(stripFileScheme(input));
        if (!Files.exists(path)) throw new InputException("input not found: " + input);
        if (Files.isDirectory(path)) throw new InputException(input + " is a directory, not a video file");
        if (!Files.isReadable(path)) throw new InputException(input + " is not readable (check its permissions)");
        try {
            if (Files.size(path) == 0) throw new InputException(input + " is empty (0 bytes), not a video");
        } catch (java.io.IOException e) {
            throw new InputException("cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    private static Rational rateOf(AVStream video) {
        for (AVRational r : new AVRational[] {video.avg_frame_rate(), video.r_frame_rate()})
            if (r != null && r.num() > 0 && r.den() > 0) return Rational.of(r.num(), r.den());
        return null;
    }

    private static Rational rational(AVRational r) { return Rational.of(r.num(), r.den()); }
}
