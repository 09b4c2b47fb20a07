package io.inbetween.bench;

import io.inbetween.testing.TestMedia;
import io.inbetween.testing.Ffmpeg;
import io.inbetween.model.synthesis.BlendSynthesizer;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleBiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Our metrics against an independent implementation: ffmpeg's psnr and ssim filters, on real
 * frames and the kinds of candidates the benchmark scores (blends, blur, noise, neighbours).
 */
class MetricsAgainstFfmpegTest {
    private static final List<RgbFrame> truth = new ArrayList<>(), candidates = new ArrayList<>();

    @BeforeAll
    static void frames() {
        List<RgbFrame> clip = ClipDecoder.decode(TestMedia.video("mecavideo-Force_constante.avi"), 12, 5, Resolution.NATIVE);
        for (int i = 1; i + 1 < clip.size(); i++) {
            RgbFrame t = clip.get(i);
            truth.addAll(List.of(t, t, t, t));
            candidates.add(BlendSynthesizer.blend(clip.get(i - 1), clip.get(i + 1), 0.5));
            candidates.add(BenchMedia.blur(t, 2));
            candidates.add(BenchMedia.noise(t, 6, i));
            candidates.add(clip.get(i + 1));
        }
    }

    @Test
    void psnrMatchesFfmpegPerFrame(@TempDir Path dir) throws Exception {
        assertAgreePerFrame(run(dir, "psnr", Pattern.compile("psnr_avg:([0-9.]+|inf)")), Psnr::of, 0.01);
    }

    /**
     * ffmpeg's SSIM averages 8x8 blocks on a 4-pixel grid (x264's variant) where ours uses the
     * reference Gaussian window, so the two agree closely but not exactly.
     */
    @Test
    void ssimAgreesWithFfmpegPerFrame(@TempDir Path dir) throws Exception {
        assertAgreePerFrame(run(dir, "ssim", Pattern.compile("All:([0-9.]+)")), Ssim::of, 0.015);
    }

    /** Ours and ffmpeg's value agree within {@code tolerance} on every frame. */
    private static void assertAgreePerFrame(List<Double> ffmpeg, ToDoubleBiFunction<RgbFrame, RgbFrame> ours, double tolerance) {
        assertThat(ffmpeg).hasSize(truth.size());
        for (int i = 0; i < truth.size(); i++)
            assertThat(ours.applyAsDouble(truth.get(i), candidates.get(i))).as("frame %d", i).isCloseTo(ffmpeg.get(i), within(tolerance));
    }

    /** Runs an ffmpeg comparison filter over the two sequences in RGB planes and parses its per-frame log. */
    private static List<Double> run(Path dir, String filter, Pattern value) throws IOException {
        Path a = write(dir.resolve("truth.rgb"), truth), b = write(dir.resolve("candidates.rgb"), candidates);
        Path stats = dir.resolve(filter + ".log");
        String size = truth.get(0).width() + "x" + truth.get(0).height();
        Ffmpeg.run("ffmpeg", "-hide_banner", "-loglevel", "error",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-i", b.toString(),
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-i", a.toString(),
                "-lavfi", "[0]format=gbrp[x];[1]format=gbrp[y];[x][y]" + filter + "=stats_file=" + stats, "-f", "null", "-");
        List<Double> values = new ArrayList<>();
        for (String line : Files.readAllLines(stats)) {
            Matcher m = value.matcher(line);
            if (m.find()) values.add(m.group(1).equals("inf") ? Psnr.CAP_DB : Double.parseDouble(m.group(1)));
        }
        return values;
    }

    private static Path write(Path file, List<RgbFrame> frames) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) { for (RgbFrame f : frames) out.write(f.rgb()); }
        return file;
    }
}
