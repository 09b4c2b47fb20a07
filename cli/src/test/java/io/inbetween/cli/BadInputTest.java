package io.inbetween.cli;

import io.inbetween.testing.TestMedia;
import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input, as a user meets it: the real launcher entry point in its own JVM. Each case must
 * end fast with a non-zero exit code and exactly one line on stderr, never a stack trace.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BadInputTest {
    @TempDir Path dir;

    record Outcome(int code, String stderr) {}

    Outcome run(String... args) throws IOException, InterruptedException {
        return runWithJvmOptions(List.of(), args);
    }

    Outcome runWithJvmOptions(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", ""),
                "io.inbetween.cli.Inbetween"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("exits without hanging").isTrue();
        return new Outcome(p.exitValue(), err.strip());
    }

    void assertOneLineError(Outcome o, String expected) {
        assertThat(o.code()).as("exit code; stderr: %s", o.stderr()).isNotZero();
        assertThat(o.stderr()).doesNotContain("\tat ").doesNotContain("Exception in thread");
        assertThat(o.stderr().lines().filter(l -> !l.isBlank()).toList()).as("stderr: %s", o.stderr()).hasSize(1);
        assertThat(o.stderr()).startsWith("inbetween upscale: ");
        assertThat(o.stderr()).containsIgnoringCase(expected);
    }

    /** A dead broker: each service says so and exits after --connect-timeout, instead of waiting in silence. */
    @Test void servicesSayThatTheyCannotReachTheCluster() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) { closed = s.getLocalPort(); }
        for (String service : List.of("decoder", "interpolator", "stream-app")) {
            List<String> args = new java.util.ArrayList<>(List.of(service, "--bootstrap-servers", "127.0.0.1:" + closed, "--connect-timeout", "3"));
            if (service.equals("stream-app")) args.addAll(List.of("--state-dir", dir.resolve("state").toString()));
            Outcome o = run(args.toArray(String[]::new));
            assertThat(o.code()).as("%s exit code; stderr: %s", service, o.stderr()).isNotZero();
            assertThat(o.stderr()).doesNotContain("\tat ");
            assertThat(o.stderr().strip()).as(service).endsWith("cannot reach Kafka at 127.0.0.1:" + closed
                    + " within 3 s (no broker answered): check --bootstrap-servers and that the brokers are up");
        }
    }

    @Test void aMissingFile() throws Exception {
        assertOneLineError(run("upscale", dir.resolve("nope.mp4").toString(), "-o", dir.resolve("o.mp4").toString()), "not found");
    }

    @Test void aFileThatIsNotAVideo() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(100));
        assertOneLineError(run("upscale", text.toString(), "-o", dir.resolve("o.mp4").toString()), "not a video");
    }

    @Test void aTruncatedMp4() throws Exception {
        byte[] whole = Files.readAllBytes(TestMedia.video("mecavideo-balle-jbart.mp4"));
        Path cut = Files.write(dir.resolve("truncated.mp4"), java.util.Arrays.copyOf(whole, whole.length * 2 / 5));
        assertOneLineError(run("upscale", cut.toString(), "-o", dir.resolve("o.mp4").toString(), "--synthesizer", "blend"), "truncated");
        assertThat(dir.resolve("o.mp4")).doesNotExist();
    }

    @Test void aVideoWithoutAVideoStream() throws Exception {
        Path audio = dir.resolve("audio-only.mp4");
        Ffmpeg.run("ffmpeg", "-v", "error", "-i", TestClips.ballWithAudio().toString(), "-vn", "-c:a", "copy", audio.toString());
        assertOneLineError(run("upscale", audio.toString(), "-o", dir.resolve("o.mp4").toString()), "no video stream");
    }

    @Test void anUnwritableOutputPath() throws Exception {
        assertOneLineError(run("upscale", TestClips.ballWithAudio().toString(), "-o", "/proc/nope/o.mp4"), "does not exist");
        // a folder that exists but takes no files, even for root: refused before any work, not at encode time
        assertOneLineError(run("upscale", TestClips.ballWithAudio().toString(), "-o", "/proc/o.mp4"), "output folder /proc is not writable");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        locked.toFile().setWritable(false, false);
        if (!Files.isWritable(locked)) // root ignores permissions; the check above still covers the path case
            assertOneLineError(run("upscale", TestClips.ballWithAudio().toString(), "-o", locked.resolve("o.mp4").toString()), "not writable");
    }

    @Test void framesTooLargeForTheHeapFailAtOnceNamingTheHeapTheyNeed() throws Exception {
        Path uhd = dir.resolve("uhd.mp4");
        Ffmpeg.run("ffmpeg", "-v", "error", "-i", TestClips.ballWithAudio().toString(), "-frames:v", "2", "-vf", "scale=3840:2160",
                "-an", "-c:v", "libx264", "-preset", "ultrafast", uhd.toString());
        // the launcher's default heap: 4K frames need more, and say how much before any work
        Outcome o = runWithJvmOptions(List.of("-Xmx512m", "-XX:+UseParallelGC"), "upscale", uhd.toString(), "-o", dir.resolve("o.mp4").toString());
        assertOneLineError(o, "3840x2160 frames need a Java heap of about");
        assertThat(o.stderr()).contains("INBETWEEN_JAVA_OPTS=-Xmx768m");
        assertThat(dir.resolve("o.mp4")).doesNotExist();
    }

    /** The model loads while the broker starts: its failure still ends the run with one line, and nothing is written. */
    @Test void truncatedWeightsFailWithOneLine() throws Exception {
        byte[] weights;
        try (var in = io.inbetween.model.crvd.CrvdModel.class.getResourceAsStream(io.inbetween.model.crvd.CrvdModel.RESOURCE)) {
            weights = in.readAllBytes();
        }
        Path cut = Files.write(dir.resolve("cut.weights"), java.util.Arrays.copyOf(weights, weights.length / 3));
        assertOneLineError(run("upscale", TestClips.ballWithAudio().toString(), "-o", dir.resolve("o.mp4").toString(), "--model", cut.toString()),
                "cut.weights");
        assertThat(dir.resolve("o.mp4")).doesNotExist();
    }

    @Test void anOutputThatIsTheInputThroughALinkIsRefused() throws Exception {
        Path same = Files.copy(TestClips.ballWithAudio(), dir.resolve("same.mp4"));
        Path link = Files.createSymbolicLink(dir.resolve("link.mp4"), same);
        byte[] before = Files.readAllBytes(same);
        assertOneLineError(run("upscale", link.toString(), "-o", same.toString()), "would overwrite the input");
        assertThat(Files.readAllBytes(same)).as("the input is untouched").isEqualTo(before);
    }

    @Test void unknownOptionsAndRates() throws Exception {
        Outcome o = run("upscale", TestClips.ballWithAudio().toString(), "-o", dir.resolve("o.mp4").toString(), "--fps", "sixty");
        assertThat(o.code()).isNotZero();
        assertThat(o.stderr()).contains("not a rate");
    }
}
