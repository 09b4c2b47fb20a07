package io.inbetween.streamapp.encode;

import io.inbetween.wire.OneLine;
import io.inbetween.decoder.InputException;
import io.inbetween.decoder.source.SourceFrame;
import io.inbetween.decoder.source.VideoSource;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.math.BigInteger;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Arrays;

/**
 * The audio of the source, fed to the recorder in step with the video. The output timeline starts
 * at the source's first video frame (the decoder's t0), so audio before it is cut and a late start
 * is filled with silence; after that, samples are counted, so the audio stays on the frame clock
 * however the packets are cut.
 */
final class SourceAudio implements AutoCloseable {
    /** Reads from a network source give up after this long instead of hanging. */
    private static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(15);

    private final FFmpegFrameGrabber grabber;
    private final String source;
    private final long videoStartMicros;
    final int channels;
    final int sampleRate;
    /** Samples per channel handed to the recorder so far, counted from the first video frame. */
    private long written;
    private float[] pending = new float[0];
    private int pendingOffset;
    private boolean exhausted;

    private SourceAudio(FFmpegFrameGrabber grabber, String source, long videoStartMicros) {
        this.grabber = grabber;
        this.source = source;
        this.videoStartMicros = videoStartMicros;
        this.channels = grabber.getAudioChannels();
        this.sampleRate = grabber.getSampleRate();
    }

    /** Opens the source's audio, or returns null when it has none. */
    static SourceAudio open(String source) {
        long videoStart = firstVideoTimestamp(source);
        FFmpegFrameGrabber grabber = grabber(source);
        grabber.setSampleMode(FrameGrabber.SampleMode.FLOAT); // packed float: no precision lost before the encoder
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            release(grabber);
            throw new EncodingException("cannot read the audio of " + source + ": " + OneLine.of(e), e);
        }
        if (grabber.getAudioChannels() <= 0 || grabber.getSampleRate() <= 0) {
            release(grabber);
            return null;
        }
        return new SourceAudio(grabber, source, videoStart);
    }

    /** The first sample that belongs to output frame {@code frameIndex} at {@code fps} = num/den. */
    long sampleAtFrame(long frameIndex, long fpsNum, long fpsDen) {
        return BigInteger.valueOf(frameIndex).multiply(BigInteger.valueOf(fpsDen))
                .multiply(BigInteger.valueOf(sampleRate)).divide(BigInteger.valueOf(fpsNum)).longValueExact();
    }

    /** Records audio up to (not including) sample {@code target}; stops early if the source's audio ends. */
    void writeUntil(FFmpegFrameRecorder recorder, long target) throws FFmpegFrameRecorder.Exception {
        while (written < target) {
            if (pendingOffset >= pending.length) {
                if (exhausted || !fetch()) return;
                continue;
            }
            int take = (int) Math.min((pending.length - pendingOffset) / channels, target - written);
            // A fresh array per call: the recorder copies from the buffer's position, ignoring any array offset.
            float[] chunk = Arrays.copyOfRange(pending, pendingOffset, pendingOffset + take * channels);
            recorder.recordSamples(sampleRate, channels, FloatBuffer.wrap(chunk));
            pendingOffset += take * channels;
            written += take;
        }
    }

    /** Reads the next packet of samples into {@code pending}, placed on the output timeline. */
    private boolean fetch() {
        Frame frame;
        try {
            frame = grabber.grabSamples();
        } catch (FrameGrabber.Exception e) {
            throw new EncodingException("cannot read the audio of " + source + ": " + OneLine.of(e), e);
        }
        if (frame == null || frame.samples == null) {
            exhausted = true;
            return false;
        }
        FloatBuffer in = (FloatBuffer) frame.samples[0];
        float[] samples = new float[in.remaining()]; // the grabber reuses its buffers
        in.duplicate().get(samples);
        long start = Math.round((frame.timestamp - videoStartMicros) * (double) sampleRate / 1_000_000);
        long tolerance = Math.max(1, sampleRate / 1000); // timestamps are rounded to microseconds
        if (start > written + tolerance) {
            // a late start or a hole in the source: silence keeps what follows in sync
            float[] padded = new float[(int) ((start - written) * channels) + samples.length];
            System.arraycopy(samples, 0, padded, padded.length - samples.length, samples.length);
            samples = padded;
        } else if (start < written - tolerance) {
            // before the first video frame (or overlapping what was written): cut
            long skip = Math.min(samples.length / channels, written - start);
            samples = Arrays.copyOfRange(samples, (int) (skip * channels), samples.length);
        }
        pending = samples;
        pendingOffset = 0;
        return true;
    }

    @Override public void close() { release(grabber); }

    /**
     * Where the output timeline starts: the first video frame's time, read the way the decoder
     * reads it (its t0), so that the audio lands where the frames are.
     */
    private static long firstVideoTimestamp(String source) {
        try (VideoSource video = VideoSource.open(source, NETWORK_TIMEOUT)) {
            SourceFrame first = video.next();
            return first == null ? 0 : first.ptsMicros();
        } catch (InputException e) {
            throw new EncodingException("cannot copy the audio of " + source + ": " + e.getMessage(), e);
        }
    }

    private static FFmpegFrameGrabber grabber(String source) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source);
        if (source.contains("://")) grabber.setOption("rw_timeout", Long.toString(NETWORK_TIMEOUT.toNanos() / 1000)); // never hang on a dead server
        return grabber;
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception ignored) {
            // nothing was written through a grabber; there is nothing to save
        }
    }
}
