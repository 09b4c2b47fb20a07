package io.inbetween.cli;

import io.inbetween.streamapp.encode.VideoEncoder;
import io.inbetween.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C and SIGTERM in the middle of an `upscale`, in a JVM of its own: nothing is left behind
 * (no output, no hidden partial file, no temporary broker folder), and a second Ctrl-C quits at
 * once. The signal comes as soon as the partial output exists, so the job is mid-write.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class InterruptedRunTest {
    @TempDir Path dir;

    @Test void aSigtermStopsTheRunAndLeavesNothing() throws Exception {
        Run run = start();
        signal(run.process, "TERM");
        assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).as("stops within the grace period").isTrue();
        assertLeftNothing(run);
        assertThat(run.stderr()).contains("interrupted: job").contains("nothing written");
    }

    @Test void aSecondCtrlCQuitsAtOnceAndStillLeavesNoPartialFile() throws Exception {
        Run run = start();
        signal(run.process, "INT");
        Thread.sleep(100);
        signal(run.process, "INT");
        assertThat(run.process.waitFor(15, TimeUnit.SECONDS)).as("quits at once").isTrue();
        assertLeftNothing(run);
    }

    private record Run(Process process, Path output, Path tmp, Path log) {
        String stderr() throws IOException { return Files.readString(log, StandardCharsets.UTF_8); }
    }

    private Run start() throws IOException, InterruptedException {
        Path tmp = Files.createDirectory(dir.resolve("tmp")), output = dir.resolve("out.mp4"), log = dir.resolve("stderr.txt");
        Path clip = TestClips.ballLong();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", ""),
                "io.inbetween.cli.Inbetween", "upscale", clip.toString(), "-o", output.toString(), "--factor", "2", "--progress-every", "1")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
        Path partial = VideoEncoder.partialPath(output);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(partial)) {
            assertThat(p.isAlive()).as("still running before the partial file appears; stderr: %s", Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("the partial file appears").isLessThan(deadline);
            Thread.sleep(50);
        }
        return new Run(p, output, tmp, log);
    }

    private static void signal(Process p, String name) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor()).isZero();
    }

    private void assertLeftNothing(Run run) throws IOException {
        assertThat(run.process.exitValue()).as("stderr: %s", run.stderr()).isEqualTo(RunInterrupts.EXIT_CODE);
        assertThat(run.output).doesNotExist();
        assertThat(VideoEncoder.partialPath(run.output)).doesNotExist();
        try (Stream<Path> left = Files.list(run.tmp)) {
            List<Path> inTmp = left.filter(f -> f.getFileName().toString().startsWith("inbetween-")).toList();
            assertThat(inTmp).as("temporary broker and work folders").isEmpty();
        }
    }
}
