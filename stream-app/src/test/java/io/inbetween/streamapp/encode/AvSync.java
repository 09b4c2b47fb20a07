package io.inbetween.streamapp.encode;

import io.inbetween.testing.Ffmpeg;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;

/**
 * A clip whose picture flashes white while its sound beeps, made with Debian's ffmpeg, and the
 * means to find the flashes and beeps again in any file: audio-video sync, measured.
 */
final class AvSync {
    private AvSync() {}

    /**
     * 4 s of 320x240 video at 25 fps flashing at frames 25, 50 and 75, with a 1 kHz beep at the
     * same moments; the audio track starts {@code audioLeadSeconds} before the video (negative:
     * after it).
     */
    static Path clip(Path dir, String name, double audioLeadSeconds, String audioCodec) {
        Path out = dir.resolve(name);
        double videoOffset = Math.max(0, audioLeadSeconds), audioOffset = Math.max(0, -audioLeadSeconds);
        String beeps = "0.8*sin(2*PI*1000*t)*(between(t\\,%1$.3f\\,%2$.3f)+between(t\\,%3$.3f\\,%4$.3f)+between(t\\,%5$.3f\\,%6$.3f))";
        double lead = audioLeadSeconds;
        String audio = String.format(java.util.Locale.ROOT, "aevalsrc='" + beeps + "':s=48000:d=%7$.3f",
                1 + lead, 1.04 + lead, 2 + lead, 2.04 + lead, 3 + lead, 3.04 + lead, 4 + Math.max(0, lead));
        Ffmpeg.run("ffmpeg", "-v", "error", "-y",
                "-itsoffset", Double.toString(audioOffset), "-f", "lavfi", "-i", audio,
                "-itsoffset", Double.toString(videoOffset), "-f", "lavfi",
                "-i", "color=c=black:s=320x240:r=25:d=4,drawbox=c=white:t=fill:enable='eq(n\\,25)+eq(n\\,50)+eq(n\\,75)'",
                "-map", "1:v", "-map", "0:a", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", audioCodec, out.toString());
        return out;
    }

    /** Times (s, the file's clock) where the picture turns bright. */
    static List<Double> flashes(Path file) throws FrameGrabber.Exception {
        List<Double> times = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toString())) {
            g.setPixelFormat(AV_PIX_FMT_GRAY8);
            g.start();
            boolean bright = false;
            Frame f;
            while ((f = g.grabImage()) != null) {
                java.nio.ByteBuffer b = (java.nio.ByteBuffer) f.image[0];
                long sum = 0;
                for (int y = 0; y < f.imageHeight; y++)
                    for (int x = 0; x < f.imageWidth; x++) sum += b.get(y * f.imageStride + x) & 0xff;
                boolean now = sum > 128L * f.imageWidth * f.imageHeight;
                if (now && !bright) times.add(f.timestamp / 1e6);
                bright = now;
            }
        }
        return times;
    }

    /** Times (s, the file's clock) where the sound starts after at least 0.2 s of quiet. */
    static List<Double> beeps(Path file) throws FrameGrabber.Exception {
        List<Double> times = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toString())) {
            g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
            g.start();
            int channels = g.getAudioChannels(), rate = g.getSampleRate();
            double lastLoud = -1;
            Frame f;
            while ((f = g.grabSamples()) != null) {
                FloatBuffer s = (FloatBuffer) f.samples[0];
                int n = s.remaining() / channels;
                for (int i = 0; i < n; i++) {
                    double t = f.timestamp / 1e6 + i / (double) rate;
                    if (Math.abs(s.get(s.position() + i * channels)) > 0.3) {
                        if (lastLoud < 0 || t - lastLoud > 0.2) times.add(t);
                        lastLoud = t;
                    }
                }
            }
        }
        return times;
    }

    /** Beep time minus flash time, for each of the clip's three events. */
    static List<Double> offsets(Path file) throws FrameGrabber.Exception {
        List<Double> flashes = flashes(file), beeps = beeps(file);
        if (flashes.size() != 3 || beeps.size() != 3)
            throw new AssertionError(file.getFileName() + ": expected 3 flashes and 3 beeps, found " + flashes + " and " + beeps);
        List<Double> offsets = new ArrayList<>();
        for (int i = 0; i < 3; i++) offsets.add(beeps.get(i) - flashes.get(i));
        return offsets;
    }
}
