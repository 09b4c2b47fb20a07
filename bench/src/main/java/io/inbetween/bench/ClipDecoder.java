package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Decodes consecutive frames of a clip to RGB24 at a benchmark resolution, with FFmpeg (JavaCV). */
public final class ClipDecoder {
    private ClipDecoder() {}

    /** Frames [first, first + count) in decode order; fails if the clip has fewer. */
    public static List<RgbFrame> decode(Path file, int first, int count, Resolution resolution) {
        return decode(file, first, count, 1, resolution);
    }

    /** {@code count} frames from {@code first}, every {@code stride}-th; fails if the clip has fewer. */
    public static List<RgbFrame> decode(Path file, int first, int count, int stride, Resolution resolution) {
        int[] seen = new int[1];
        List<RgbFrame> frames = read(file, first, count, stride, resolution, seen);
        if (frames.size() < count)
            throw new IllegalArgumentException(file.getFileName() + " has only " + seen[0] + " frames; the window needs frames "
                    + first + ".." + (first + stride * (count - 1)) + (stride == 1 ? "" : " (1 in " + stride + ")"));
        return frames;
    }

    /** The frames of a benchmark window at a resolution. */
    public static List<RgbFrame> decode(Path file, FrameRun run, Resolution resolution) {
        return decode(file, run.first(), run.count(), run.stride(), resolution);
    }

    /** Every frame of the clip. */
    public static List<RgbFrame> decodeAll(Path file, Resolution resolution) {
        return read(file, 0, Integer.MAX_VALUE, 1, resolution, new int[1]);
    }

    /** Number of video frames in a file, decoded one by one (the container's count can be wrong). */
    public static int countFrames(Path file) {
        requireClip(file);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        int n = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            while (grabber.grabImage() != null) n++;
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new IllegalArgumentException("cannot decode " + file + ": " + e.getMessage(), e);
        }
        return n;
    }

    /** @throws IllegalArgumentException with the fix when a benchmark clip is missing */
    public static void requireClip(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("clip " + file + " not found; run scripts/fetch-media.sh");
    }

    /** @param seen set to the number of frames decoded from the clip */
    private static List<RgbFrame> read(Path file, int first, int count, int stride, Resolution resolution, int[] seen) {
        requireClip(file);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        List<RgbFrame> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.setImageScalingFlags(swscale.SWS_BICUBIC);
            grabber.start();
            int[] size = resolution.size(grabber.getImageWidth(), grabber.getImageHeight());
            grabber.setImageWidth(size[0]);
            grabber.setImageHeight(size[1]);
            // Decode from the start instead of seeking: seeks land on keyframes, not on exact frames.
            for (int index = 0; frames.size() < count; index++) {
                Frame frame = grabber.grabImage();
                if (frame == null) break;
                seen[0] = index + 1;
                if (index >= first && (index - first) % stride == 0) frames.add(copy(frame));
            }
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new IllegalArgumentException("cannot decode " + file + ": " + e.getMessage(), e);
        }
        return frames;
    }

    private static RgbFrame copy(Frame frame) {
        return RgbFrame.copyOf((ByteBuffer) frame.image[0], frame.imageWidth, frame.imageHeight, frame.imageStride);
    }
}
