package io.inbetween.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Short clips cut from the real media ({@link TestMedia}), made once per build with Debian's
 * ffmpeg (kept small so that a pipeline run takes seconds).
 */
public final class TestClips {
    private static final Path DIR = Path.of("target", "test-clips");

    private TestClips() {}

    /** 2 s of a real 25 fps camera clip (a thrown ball) with its AAC audio, 320x256 H.264: 50 frames. */
    public static Path ballWithAudio() {
        return make("ball-25fps-audio.mp4", "-ss", "3", "-t", "2", "-i", TestMedia.video("mecavideo-balle-jbart.mp4").toString(),
                "-vf", "scale=320:256", "-c:v", "libx264", "-crf", "16", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k");
    }

    /** The whole 10 s camera clip at 360x288, no audio: 255 frames, enough work to interrupt. */
    public static Path ballLong() {
        return make("ball-long.mp4", "-i", TestMedia.video("mecavideo-balle-jbart.mp4").toString(),
                "-vf", "scale=360:288", "-an", "-c:v", "libx264", "-crf", "16", "-pix_fmt", "yuv420p");
    }

    /**
     * A 40x40 magenta square sliding 8 px per frame to the right over a real photo, 25 fps, 1 s,
     * lossless: where the square is in any frame is known exactly.
     */
    public static Path slidingSquare() {
        return make("sliding-square.mkv", "-loop", "1", "-framerate", "25", "-t", "1", "-i", TestMedia.texture("skimage-astronaut.png").toString(),
                "-f", "lavfi", "-i", "color=c=0xFF00FF:s=40x40:r=25:d=1",
                "-filter_complex", "[0:v]scale=320:240,format=rgb24[bg];[bg][1:v]overlay=x='20+8*n':y=100:shortest=1,format=rgb24",
                "-c:v", "ffv1", "-r", "25");
    }

    /** 1 s of the camera clip, then a hard cut to 1 s of an animation, 320x256 at 25 fps, lossless. */
    public static Path hardCut() {
        return make("hard-cut.mkv", "-ss", "3", "-t", "1", "-i", TestMedia.video("mecavideo-balle-jbart.mp4").toString(),
                "-ss", "2", "-t", "1", "-i", TestMedia.video("planetblupi-play101.mkv").toString(),
                "-filter_complex", "[0:v]scale=320:256,fps=25,format=rgb24,setsar=1[a];[1:v]scale=320:256,fps=25,format=rgb24,setsar=1[b];[a][b]concat=n=2:v=1:a=0",
                "-an", "-c:v", "ffv1");
    }

    private static synchronized Path make(String name, String... args) {
        Path out = DIR.resolve(name).toAbsolutePath();
        if (Files.isRegularFile(out)) return out;
        try {
            Files.createDirectories(DIR);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + DIR.toAbsolutePath(), e);
        }
        String[] withOutput = java.util.Arrays.copyOf(args, args.length + 1);
        withOutput[args.length] = out.toString();
        return Ffmpeg.ffmpeg(withOutput);
    }
}
