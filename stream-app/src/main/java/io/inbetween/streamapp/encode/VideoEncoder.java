package io.inbetween.streamapp.encode;

import io.inbetween.wire.OneLine;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.Rational;
import io.inbetween.wire.RgbFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_FFV1;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.av_d2q;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;

/**
 * Writes an output video from frames given in presentation order: frame n is shown at exactly
 * n / fps, and the source's audio is carried over in step with it. The file is written under a
 * temporary name next to the output ({@code .<name>.partial.<ext>}) and renamed into place by
 * {@link #finish()}, so that a file at the output path is always complete; {@link #close()}
 * without {@code finish()} deletes the partial file.
 *
 * <p>Codecs: H.264 (libx264, yuv420p) at the job's CRF and preset; lossless output is FFV1 in
 * RGB (bgr0) in .mkv files, libx264rgb at qp 0 elsewhere, so frames come back bit-exact.
 */
public final class VideoEncoder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VideoEncoder.class);
    /** AAC bit rate per channel. */
    private static final int AAC_BITS_PER_CHANNEL = 96_000;
    private static final int[] AAC_SAMPLE_RATES = {7350, 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000};

    static {
        // FFmpeg prints stream dumps and encoder statistics to stderr by default.
        if (av_log_get_level() > AV_LOG_ERROR) av_log_set_level(AV_LOG_ERROR);
    }

    /** The output file's path, or the URL it is pushed to. */
    private final String output;
    /** Where the frames are written until finish(), the output itself for live outputs, null for a push. */
    private final Path partial;
    /** Matroska with audio only: the repaired copy, see {@link MatroskaRemux}. */
    private final Path remuxed;
    private final Container container;
    private final int width;
    private final int height;
    private final Rational fps;
    private final FFmpegFrameRecorder recorder;
    private final SourceAudio audio;
    private final ByteBuffer pixels;
    private long frames;
    private boolean finished;
    private boolean closed;

    private VideoEncoder(String output, Path partial, Container container, int width, int height, Rational fps,
                         FFmpegFrameRecorder recorder, SourceAudio audio) {
        this.output = output;
        this.partial = partial;
        this.remuxed = partial == null ? null : partial.resolveSibling(partial.getFileName() + ".remux.mkv");
        this.container = container;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.recorder = recorder;
        this.audio = audio;
        this.pixels = ByteBuffer.allocateDirect(codedWidth(width) * height * 3);
    }

    /**
     * Creates the partial file and starts the encoders.
     *
     * @param audioSource the input (path or URL) whose audio to carry over, or null for none
     * @throws EncodingException with a one-line reason: unwritable or missing folder, unknown
     *                           extension, unreadable audio source
     */
    public static VideoEncoder open(Path output, int width, int height, Rational fps, Encoding encoding, String audioSource) {
        return open(output, width, height, fps, encoding, audioSource, 0);
    }

    /** ... with the source's display matrix: {@code displayRotation} degrees counter-clockwise ({@link io.inbetween.wire.VideoInfo#displayRotation()}). */
    public static VideoEncoder open(Path output, int width, int height, Rational fps, Encoding encoding, String audioSource,
                                    double displayRotation) {
        Path target = output.toAbsolutePath().normalize();
        Container container = Container.of(target);
        if (width <= 0 || height <= 0) throw new EncodingException("frame size " + width + "x" + height + " is not a picture");
        if (!fps.isPositive()) throw new EncodingException("frame rate " + fps + " is not positive");
        if (Files.isDirectory(target)) throw new EncodingException("cannot write " + target + ": it is a folder");
        // a live output grows in place, where its player reads it
        Path partial = container.isLive() ? target : partialPath(target);
        createWritable(target, partial);

        SourceAudio audio = null;
        FFmpegFrameRecorder recorder = null;
        try {
            audio = audioSource == null ? null : SourceAudio.open(audioSource);
            recorder = recorder(partial, container, width, height, fps, encoding, audio);
            if (displayRotation != 0) recorder.setDisplayRotation(displayRotation);
            recorder.start();
            log.info("writing {} ({}x{} at {} fps, {}{})", target.getFileName(), width, height, fps, describe(container, encoding, width, height),
                    audio == null ? ", no audio" : ", audio " + audio.channels + " ch " + audio.sampleRate + " Hz from the source");
            return new VideoEncoder(target.toString(), partial, container, width, height, fps, recorder, audio);
        } catch (FFmpegFrameRecorder.Exception | RuntimeException e) {
            release(recorder);
            if (audio != null) audio.close();
            deleteQuietly(partial);
            if (e instanceof EncodingException ee) throw ee;
            throw new EncodingException("cannot start encoding " + target + ": " + OneLine.of(e), e);
        }
    }

    /**
     * Pushes the output to a streaming server as the frames come: FLV to rtmp:// and rtmps://,
     * MPEG-TS to srt://, udp:// and tcp://, with a key frame every second. {@link #finish()} and
     * {@link #close()} both end the stream.
     */
    public static VideoEncoder push(String url, int width, int height, Rational fps, Encoding encoding, double displayRotation) {
        Container container = Container.ofPush(url);
        if (width <= 0 || height <= 0) throw new EncodingException("frame size " + width + "x" + height + " is not a picture");
        if (!fps.isPositive()) throw new EncodingException("frame rate " + fps + " is not positive");
        FFmpegFrameRecorder recorder = null;
        try {
            recorder = recorder(url, container, width, height, fps, encoding, null);
            if (displayRotation != 0) recorder.setDisplayRotation(displayRotation);
            recorder.start();
            log.info("pushing to {} ({}x{} at {} fps, {}, no audio)", url, width, height, fps, describe(container, encoding, width, height));
            return new VideoEncoder(url, null, container, width, height, fps, recorder, null);
        } catch (FFmpegFrameRecorder.Exception | RuntimeException e) {
            release(recorder);
            if (e instanceof EncodingException ee) throw ee;
            throw new EncodingException("cannot push to " + url + ": " + OneLine.of(e), e);
        }
    }

    /** Appends the next frame; it is shown at {@code framesWritten() / fps}. */
    public void write(RgbFrame frame) {
        if (finished || closed) throw new IllegalStateException("encoder for " + output + " is already " + (finished ? "finished" : "closed"));
        if (frame.width() != width || frame.height() != height)
            throw new EncodingException("frame " + frames + " is " + frame.width() + "x" + frame.height() + " but the video is " + width + "x" + height);
        try {
            if (audio != null) audio.writeUntil(recorder, audio.sampleAtFrame(frames, fps.num(), fps.den()));
            pixels.clear();
            int coded = codedWidth(width);
            if (coded == width) {
                pixels.put(frame.rgb());
            } else { // one more column, a copy of the last, which the stream's cropping hides
                byte[] rgb = frame.rgb();
                for (int y = 0, row = width * 3; y < height; y++) {
                    pixels.put(rgb, y * row, row);
                    pixels.put(rgb, y * row + row - 3, 3);
                }
            }
            pixels.flip();
            recorder.recordImage(coded, height, Frame.DEPTH_UBYTE, 3, coded * 3, AV_PIX_FMT_RGB24, pixels);
            frames++;
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new EncodingException("cannot write frame " + frames + " to " + (partial == null ? output : partial) + ": " + OneLine.of(e), e);
        }
    }

    /** Appends the previous frame again (a live job's repeat), without its picture crossing Kafka. */
    public void repeat() {
        if (finished || closed) throw new IllegalStateException("encoder for " + output + " is already " + (finished ? "finished" : "closed"));
        if (frames == 0) throw new EncodingException("frame 0 is a repeat, but there is no frame before it");
        try {
            if (audio != null) audio.writeUntil(recorder, audio.sampleAtFrame(frames, fps.num(), fps.den()));
            pixels.rewind(); // still the last frame's pixels
            int coded = codedWidth(width);
            recorder.recordImage(coded, height, Frame.DEPTH_UBYTE, 3, coded * 3, AV_PIX_FMT_RGB24, pixels);
            frames++;
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new EncodingException("cannot write frame " + frames + " to " + (partial == null ? output : partial) + ": " + OneLine.of(e), e);
        }
    }

    /**
     * Writes the audio up to the end of the last frame, closes the file and renames it to the
     * output path (replacing any older file there at once). Everything is released afterwards,
     * whether it succeeded or not.
     */
    public void finish() {
        if (finished) return;
        if (closed) throw new IllegalStateException("encoder for " + output + " is closed");
        try {
            if (audio != null) audio.writeUntil(recorder, audio.sampleAtFrame(frames, fps.num(), fps.den()));
            recorder.stop();
            if (container.isLive()) { // the trailer closed the playlist (#EXT-X-ENDLIST); the files are in place
                finished = true;
                log.info("ended {}: {} frames, {} s", output, frames, String.format("%.3f", frames * (double) fps.den() / fps.num()));
                return;
            }
            Path complete = partial;
            if (container == Container.MKV && audio != null) {
                MatroskaRemux.copy(partial, remuxed);
                Files.delete(partial);
                complete = remuxed;
            }
            Files.move(complete, Path.of(output), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            finished = true;
            log.info("wrote {}: {} frames, {} s", output, frames, String.format("%.3f", frames * (double) fps.den() / fps.num()));
        } catch (IOException e) {
            throw new EncodingException("cannot finish " + output + ": " + OneLine.of(e), e);
        } finally {
            close(); // releases the audio reader; deletes the partial file unless it was renamed
        }
    }

    public long framesWritten() { return frames; }

    /** The output file's path, or the URL it is pushed to. */
    public String output() { return output; }

    /** Releases everything; unless {@link #finish()} succeeded, the partial file is deleted and nothing is left at the output. */
    @Override public void close() {
        if (closed) return;
        closed = true;
        if (!finished && container.isLive()) {
            // what a live output published was seen already: it is closed (#EXT-X-ENDLIST), not deleted
            try {
                recorder.stop();
            } catch (FFmpegFrameRecorder.Exception e) {
                release(recorder);
            }
            log.info("stopped {} after {} frames; {}", output, frames, container.isPush() ? "the stream is ended" : "the playlist is closed");
        } else if (!finished) {
            release(recorder);
            deleteQuietly(partial);
            deleteQuietly(remuxed);
            log.info("aborted {} after {} frames; partial file deleted", Path.of(output).getFileName(), frames);
        }
        if (audio != null) audio.close();
    }

    public static Path partialPath(Path output) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return output.resolveSibling("." + name.substring(0, dot) + ".partial" + name.substring(dot));
    }

    private static FFmpegFrameRecorder recorder(Path partial, Container container, int width, int height, Rational fps,
                                                Encoding encoding, SourceAudio audio) {
        return recorder(partial.toString(), container, width, height, fps, encoding, audio);
    }

    private static FFmpegFrameRecorder recorder(String target, Container container, int width, int height, Rational fps,
                                                Encoding encoding, SourceAudio audio) {
        // JavaCV's recorder widens an odd width by one and rescales the height to match: it gets
        // the even width, and the stream's cropping (in whole pixels, as 4:4:4 allows) takes it back
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(target, codedWidth(width), height, audio == null ? 0 : audio.channels);
        String crop = codedWidth(width) == width ? "" : "crop-rect=0,0," + (codedWidth(width) - width) + ",0";
        r.setFormat(container.muxer);
        r.setFrameRate(fps.toDouble());
        warnIfInexact(fps);
        r.setImageScalingFlags(SWS_BICUBIC | SWS_ACCURATE_RND);
        r.setVideoBitrate(0); // the recorder's default 400 kb/s would turn x264's CRF into a bit-rate target
        if (usesFfv1(container, encoding, width)) {
            r.setVideoCodec(AV_CODEC_ID_FFV1);
            r.setPixelFormat(AV_PIX_FMT_BGR0); // RGB: the frames' own values, no YUV rounding
            r.setVideoOption("level", "3");
            r.setVideoOption("slicecrc", "1");
        } else if (encoding.lossless()) {
            r.setVideoCodecName("libx264rgb");
            r.setPixelFormat(AV_PIX_FMT_RGB24);
            r.setVideoOption("qp", "0");
            if (!crop.isEmpty()) r.setVideoOption("x264-params", crop);
            r.setVideoOption("preset", encoding.preset());
        } else {
            r.setVideoCodecName("libx264");
            r.setPixelFormat(chroma444(width, height) ? AV_PIX_FMT_YUV444P : AV_PIX_FMT_YUV420P);
            r.setVideoOption("crf", Integer.toString(encoding.crf()));
            r.setVideoOption("preset", encoding.preset());
            // swscale converts with BT.601 coefficients; say so, or players pick BT.709 for HD and shift the colours
            String params = "colormatrix=smpte170m" + (crop.isEmpty() ? "" : ":" + crop);
            if (container.isLive()) {
                // a key frame each second, where each segment starts; no look-ahead or B-frames to wait for
                int keyint = Math.max(1, (int) Math.round(fps.toDouble()));
                params += ":keyint=" + keyint + ":min-keyint=" + keyint + ":scenecut=0";
                r.setVideoOption("tune", "zerolatency");
            }
            r.setVideoOption("x264-params", params);
        }
        if (container == Container.HLS) {
            Path partial = Path.of(target);
            String name = partial.getFileName().toString();
            r.setOption("hls_time", "1");
            r.setOption("hls_list_size", "0");
            r.setOption("hls_playlist_type", "event");
            r.setOption("hls_segment_filename", partial.resolveSibling(name.substring(0, name.lastIndexOf('.')) + "-%05d.ts").toString());
        }
        if (audio != null) {
            int codec = container.audioCodec();
            r.setAudioCodec(codec);
            r.setAudioChannels(audio.channels);
            r.setSampleRate(codec == AV_CODEC_ID_AAC ? aacRate(audio.sampleRate) : audio.sampleRate);
            r.setAudioBitrate(Math.min(AAC_BITS_PER_CHANNEL * audio.channels, 512_000)); // FLAC ignores it
        }
        return r;
    }

    /** The source rate if AAC has it, else the next one up (the recorder resamples). */
    private static int aacRate(int rate) {
        for (int r : AAC_SAMPLE_RATES) if (r >= rate) return r;
        return AAC_SAMPLE_RATES[AAC_SAMPLE_RATES.length - 1];
    }

    /** The recorder takes the rate as a double and finds the fraction back with num, den <= 1001000. */
    private static void warnIfInexact(Rational fps) {
        AVRational q = av_d2q(fps.toDouble(), 1001000);
        Rational stored = Rational.of(q.num(), q.den());
        if (!stored.equals(fps)) log.warn("frame rate {} is stored as {}, the nearest fraction FFmpeg's recorder can express", fps, stored);
    }

    /**
     * 4:2:0 halves the chroma planes, so H.264 stores only even sizes that way, and its cropping
     * works in whole chroma samples. An odd size keeps its exact size in 4:4:4 (High 4:4:4
     * Predictive), which every FFmpeg-based player decodes; browsers and hardware decoders may not.
     */
    static boolean chroma444(int width, int height) { return width % 2 != 0 || height % 2 != 0; }

    /** The width the codec stores: even, as JavaCV's recorder insists. */
    private static int codedWidth(int width) { return width + (width & 1); }

    private static boolean usesFfv1(Container container, Encoding encoding, int width) {
        return container.usesFfv1(encoding) && codedWidth(width) == width;
    }

    private static String describe(Container container, Encoding encoding, int width, int height) {
        if (usesFfv1(container, encoding, width)) return "FFV1 lossless RGB";
        if (encoding.lossless()) return "libx264rgb qp 0" + (container.usesFfv1(encoding) ? " (FFV1 cannot hide the padding column of an odd width)" : "");
        return "libx264 crf " + encoding.crf() + " preset " + encoding.preset()
                + (chroma444(width, height) ? ", 4:4:4 for the odd size (some browsers will not play it; .mkv with --lossless keeps it too)" : "");
    }

    /** Fails fast, with the reason in words, when the output cannot be created where asked. */
    private static void createWritable(Path target, Path partial) {
        Path folder = target.getParent();
        if (folder == null || !Files.exists(folder)) throw new EncodingException("cannot write " + target + ": folder " + folder + " does not exist");
        if (!Files.isDirectory(folder)) throw new EncodingException("cannot write " + target + ": " + folder + " is not a folder");
        try (OutputStream probe = Files.newOutputStream(partial)) {
            // created (or truncated) empty; FFmpeg opens it again to write
        } catch (AccessDeniedException e) {
            throw new EncodingException("cannot write " + target + ": permission denied in " + folder, e);
        } catch (NoSuchFileException e) {
            throw new EncodingException("cannot write " + target + ": folder " + folder + " does not exist", e);
        } catch (FileSystemException e) {
            throw new EncodingException("cannot write " + target + ": " + (e.getReason() != null ? e.getReason() : OneLine.of(e)), e);
        } catch (IOException e) {
            throw new EncodingException("cannot write " + target + ": " + OneLine.of(e), e);
        }
    }

    private static void release(FFmpegFrameRecorder recorder) {
        if (recorder == null) return;
        try {
            recorder.release();
        } catch (FFmpegFrameRecorder.Exception e) {
            log.debug("releasing the recorder failed: {}", e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete the partial file {}: {}", file, e.toString());
        }
    }
}
