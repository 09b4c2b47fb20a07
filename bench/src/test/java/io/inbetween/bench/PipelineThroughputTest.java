package io.inbetween.bench;

import io.inbetween.testing.TestMedia;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineThroughputTest {

    /**
     * The whole upscale pipeline on a small real clip, as the benchmark runs it. Until the build
     * has the upscale command, the row must say so instead of showing a number.
     */
    @Test
    void timesUpscaleEndToEndOrSaysWhyNot() {
        Path clip = TestMedia.video("kphotoalbum-movie.avi");
        int inputs = ClipDecoder.countFrames(clip);
        ThroughputResult inProcess = new ThroughputResult("blend", clip.getFileName().toString(), 160, 120, inputs, inputs - 1, 0.5);
        BenchSettings settings = new BenchSettings("ffmpeg", 4, null, null, "cpu", 4, 0);
        PipelineThroughput.Result r = PipelineThroughput.measure("blend", inProcess, clip, settings, 10);
        if (PipelineThroughput.pendingReason() != null) {
            assertThat(r.notMeasured()).startsWith("pending").contains(PipelineThroughput.UPSCALE);
            assertThat(MarkdownReport.speed(r.fps())).isEqualTo("—");
        } else {
            assertThat(r.notMeasured()).isNull();
            assertThat(r.outputFrames()).isBetween(2 * inputs - 2, 2 * inputs + 2); // 2x, the last slot repeats the last frame
            assertThat(r.seconds()).isPositive();
            assertThat(r.ratio()).isEqualTo(r.fps() / inProcess.fps());
        }
    }
}
