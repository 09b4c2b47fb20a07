package io.inbetween.app.encode;

import io.inbetween.wire.RgbFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;

/** The real clips fetched by scripts/fetch-media.sh, and their frames as the pipeline carries them. */
final class Media {
    private Media() {}

    static Path video(String name) {
        Path dir = Path.of(System.getProperty("inbetween.media", Path.of("").toAbsolutePath().getParent().resolve("data/media").toString()));
        Path clip = dir.resolve("videos").resolve(name);
        if (!Files.isRegularFile(clip))
            throw new IllegalStateException("test clip " + clip + " is missing: run scripts/fetch-media.sh");
        return clip;
    }

    /** Up to {@code max} frames of a clip, decoded to packed RGB. */
    static List<RgbFrame> frames(Path clip, int max) throws Exception {
        List<RgbFrame> out = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toString())) {
            grabber.setPixelFormat(AV_PIX_FMT_RGB24);
            grabber.start();
            Frame f;
            while (out.size() < max && (f = grabber.grabImage()) != null) out.add(rgb(f));
        }
        return out;
    }

    /** Copies a grabbed RGB24 image, dropping the row padding (the grabber reuses its buffer). */
    static RgbFrame rgb(Frame f) {
        int w = f.imageWidth, h = f.imageHeight, row = w * 3;
        byte[] rgb = new byte[row * h];
        ByteBuffer buf = ((ByteBuffer) f.image[0]).duplicate();
        int stride = f.imageStride; // in bytes for 8-bit images
        for (int y = 0; y < h; y++) {
            buf.position(y * stride);
            buf.get(rgb, y * row, row);
        }
        return new RgbFrame(w, h, rgb);
    }
}
