package io.inbetween.decoder.source;

import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestMedia;
import io.inbetween.wire.Rational;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VideoSourceTest {
    @TempDir Path dir;

    private static List<SourceFrame> decodeAll(Path clip) {
        List<SourceFrame> frames = new ArrayList<>();
        try (VideoSource source = VideoSource.open(clip.toString(), Duration.ofSeconds(5))) {
            for (SourceFrame f = source.next(); f != null; f = source.next()) frames.add(f);
        }
        return frames;
    }

    private static double meanAbsoluteDifference(byte[] a, byte[] b) {
        assertThat(a).hasSameSizeAs(b);
        long sum = 0;
        for (int i = 0; i < a.length; i++) sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        return (double) sum / a.length;
    }

    @Test
    void picturesMatchTheFfmpegCliByteForByteLayout() throws IOException {
        // 400x300: rows of 1200 bytes in a padded FFmpeg buffer, so the stride handling is exercised
        Path clip = TestMedia.video("mecavideo-Force_constante.avi");
        Path raw = Ffmpeg.ffmpeg("-i", clip.toString(), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24",
                dir.resolve("frame0.rgb").toString());
        SourceFrame first = decodeAll(clip).get(0);
        assertThat(first.image().width()).isEqualTo(400);
        assertThat(meanAbsoluteDifference(first.image().rgb(), Files.readAllBytes(raw)))
                .as("same picture, same channel order (only swscale rounding differs)").isLessThan(1.5);
    }

    @Test
    void describesTheStreamExactly() {
        try (VideoSource source = VideoSource.open(TestMedia.video("mecavideo-balle-jbart.mp4").toString(), Duration.ofSeconds(5))) {
            assertThat(source.width()).isEqualTo(720);
            assertThat(source.height()).isEqualTo(576);
            assertThat(source.frameRate()).isEqualTo(Rational.of(25, 1));
            assertThat(source.timeBase()).isEqualTo(Rational.of(1, 12800));
            assertThat(source.codec()).isEqualTo("h264");
            assertThat(source.audioChannels()).isPositive();
            assertThat(source.isLive()).isFalse();
            assertThat(source.streamEnd()).isEqualTo(Rational.of(102, 10));
            assertThat(source.streamEndExact()).isTrue();
            SourceFrame first = source.next(), second = source.next();
            assertThat(first.pts()).isZero();
            assertThat(second.pts()).isEqualTo(512);
            assertThat(second.ptsMicros()).isEqualTo(40_000);
        }
    }

    /** Codecs and containers beyond the stock clips, encoded from gem-anim-1.mov (mjpeg 4:2:2) with the ffmpeg CLI. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "hevc.mp4, hevc, -c:v libx265 -preset ultrafast -x265-params log-level=error",
            "vp9.webm, vp9, -c:v libvpx-vp9 -deadline realtime -cpu-used 8",
            "av1.mkv, av1, -c:v libaom-av1 -cpu-used 8 -crf 40",
            "h264-yuv444.mov, h264, -c:v libx264 -preset ultrafast -pix_fmt yuv444p"})
    void decodesOtherCodecs(String file, String codec, String options) {
        Path original = TestMedia.video("gem-anim-1.mov");
        List<String> args = new ArrayList<>(List.of("-i", original.toString(), "-t", "1", "-an"));
        args.addAll(List.of(options.split(" ")));
        args.add(dir.resolve(file).toString());
        Path clip = Ffmpeg.ffmpeg(args.toArray(String[]::new));
        try (VideoSource source = VideoSource.open(clip.toString(), Duration.ofSeconds(5))) {
            assertThat(source.codec()).isEqualTo(codec);
        }
        List<SourceFrame> frames = decodeAll(clip);
        List<SourceFrame> reference = decodeAll(original);
        assertThat(frames).hasSize(30);
        for (int i = 1; i < frames.size(); i++) assertThat(frames.get(i).pts()).isGreaterThan(frames.get(i - 1).pts());
        // lossy, but the same pictures: a channel swap or a stride error would be far off
        assertThat(meanAbsoluteDifference(frames.get(15).image().rgb(), reference.get(15).image().rgb())).isLessThan(12);
    }
}
