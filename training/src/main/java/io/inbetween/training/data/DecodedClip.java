package io.inbetween.training.data;

import io.inbetween.wire.RgbFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every video frame of one clip, decoded once into memory as packed RGB24. Frame i is the i-th
 * picture FFmpeg returns, the same numbering as {@code ffprobe -count_frames}; {@link HeldOut}
 * counts frames this way. Clips taller than {@link #MAX_HEIGHT} are scaled down on decode, and
 * decoding stops at {@link #MAX_BYTES} of pixels, so a user's long 4K file cannot exhaust memory.
 */
public final class DecodedClip {
    private static final Logger log = LoggerFactory.getLogger(DecodedClip.class);

    /** Training works at 480p scale: taller frames are scaled down while decoding. */
    public static final int MAX_HEIGHT = 480;
    /** Pixel memory one clip may hold (about 260 frames of 854x480). */
    public static final long MAX_BYTES = 320L << 20;

    private final String name;
    private final int width;
    private final int height;
    private final List<RgbFrame> frames;

    private DecodedClip(String name, int width, int height, List<RgbFrame> frames) {
        this.name = name;
        this.width = width;
        this.height = height;
        this.frames = List.copyOf(frames);
    }

    /** Decodes all video frames of {@code file} (up to {@link #MAX_BYTES}); fails with one line naming the file. */
    public static DecodedClip decode(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("video clip not found: " + file);
        String name = file.getFileName().toString();
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        List<RgbFrame> frames = new ArrayList<>();
        int width, height;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.start();
            if (!grabber.hasVideo()) throw new IllegalArgumentException("no video stream in " + file);
            width = grabber.getImageWidth();
            height = grabber.getImageHeight();
            if (height > MAX_HEIGHT) { // scale in swscale, keeping the aspect ratio and even sizes
                width = Math.max(2, (int) Math.round((double) width * MAX_HEIGHT / height / 2) * 2);
                height = MAX_HEIGHT;
                grabber.setImageWidth(width);
                grabber.setImageHeight(height);
            }
            long budget = MAX_BYTES / ((long) width * height * 3);
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                if (frame.imageWidth != width || frame.imageHeight != height)
                    throw new IllegalArgumentException("frame size changes from " + width + "x" + height + " to "
                            + frame.imageWidth + "x" + frame.imageHeight + " at frame " + frames.size() + " of " + file);
                frames.add(copy(frame)); // the grabber reuses its buffer
                if (frames.size() >= budget) {
                    log.warn("{}: kept the first {} frames only ({} MiB of pixels per clip)", name, frames.size(), MAX_BYTES >> 20);
                    break;
                }
            }
            grabber.stop();
        } catch (FrameGrabber.Exception e) {
            throw new IllegalArgumentException("cannot decode " + file + ": " + e.getMessage(), e);
        }
        if (frames.isEmpty()) throw new IllegalArgumentException("no video frames decoded from " + file);
        log.debug("decoded {}: {} frames of {}x{}", name, frames.size(), width, height);
        return new DecodedClip(name, width, height, frames);
    }

    private static RgbFrame copy(Frame frame) {
        return RgbFrame.copyOf((ByteBuffer) frame.image[0], frame.imageWidth, frame.imageHeight, frame.imageStride);
    }

    /** The file name, which is how {@link HeldOut} and {@link AllowedClips} know a clip. */
    public String name() { return name; }

    public int width() { return width; }

    public int height() { return height; }

    public int frameCount() { return frames.size(); }

    /** Frame {@code index} (shared: do not modify its bytes). */
    public RgbFrame frame(int index) { return frames.get(index); }

    @Override public String toString() { return name + " (" + frames.size() + " frames of " + width + "x" + height + ")"; }
}
