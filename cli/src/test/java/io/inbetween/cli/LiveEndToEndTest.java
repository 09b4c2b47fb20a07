package io.inbetween.cli;

import io.inbetween.testing.Ffmpeg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `inbetween live` as a user runs it, in a JVM of its own, against a live feed from Debian's
 * ffmpeg (-re, MPEG-TS over UDP on loopback): the HLS playlist has the doubled rate and every
 * second that was fed, the first included; a stop closes it; an outage of the feed is bridged.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LiveEndToEndTest {
    private static final String SIZE = "320x240";
    private static final int RATE = 25;
    private static final Pattern SUMMARY = Pattern.compile("added latency p50 ([0-9.]+) s, p99 ([0-9.]+) s.*?(\\d+) gaps in the feed");

    @TempDir Path dir;

    /** `inbetween live` in a JVM of its own, listening on a free UDP port; its log lines go to stdout on the test class path. */
    private record Live(Process process, int port, Path hls, Path stderr, Path logLines) {
        static Live start(Path dir) throws IOException, InterruptedException {
            return start(dir, "--hls", dir.resolve("hls").toString());
        }

        static Live start(Path dir, String... output) throws IOException, InterruptedException {
            int port = freeUdpPort();
            Path hls = dir.resolve("hls"), stderr = dir.resolve("stderr.txt"), logLines = dir.resolve("stdout.txt");
            Files.createDirectories(dir);
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                    "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", ""),
                    "io.inbetween.cli.Inbetween", "live", "udp://127.0.0.1:" + port));
            command.addAll(List.of(output));
            Process p = new ProcessBuilder(command).redirectOutput(logLines.toFile()).redirectError(stderr.toFile()).start();
            awaitLine(p, logLines, "opening udp://");
            Thread.sleep(300); // the listening socket is bound just after that line
            return new Live(p, port, hls, stderr, logLines);
        }

        /** SIGTERM, as a user's Ctrl-C or a service manager; returns its standard error once it exited 0. */
        String stop() throws IOException, InterruptedException {
            try {
                Thread.sleep(300);
                assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor()).isZero();
                assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("stops after the signal").isTrue();
            } finally {
                process.destroyForcibly();
            }
            String text = Files.readString(stderr, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("stderr: %s", text).isZero();
            return text;
        }
    }

    @Test
    void aFeedWithAnOutageBecomesAContinuousPlaylistAtTheDoubledRateFromItsFirstFrame() throws Exception {
        Live live = Live.start(dir);
        Path hls = live.hls();
        feed(live.port(), SIZE, RATE, 3);
        Thread.sleep(2500); // the feed is down: the output goes on with its last frame
        feed(live.port(), SIZE, RATE, 3);
        String stderr = live.stop();

        Path playlist = hls.resolve("index.m3u8");
        List<String> lines = Files.readAllLines(playlist);
        assertThat(lines).as("closed by the stop").contains("#EXT-X-ENDLIST");
        assertThat(lines.stream().filter(l -> l.startsWith("#EXTINF:")).mapToDouble(l -> Double.parseDouble(l.substring(8, l.indexOf(',')))))
                .as("segments of 1 s").allMatch(d -> d <= 1.05);
        Ffmpeg.Stream out = Ffmpeg.probe(playlist);
        assertThat(out.rate()).isEqualTo("50/1");
        // 3 s + 2.5 s of outage + 3 s, at 50 fps, within a segment (the outage's end is not exact)
        assertThat(out.frames()).isBetween(8L * 50 - 50, 9L * 50 + 50);

        // the first frame is the feed's first: closer to its frame 0 than to any later one
        Path source = Ffmpeg.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=" + SIZE + ":rate=" + RATE, "-frames:v", "26",
                "-pix_fmt", "rgb24", "-f", "rawvideo", dir.resolve("source.rgb").toString());
        byte[] all = Files.readAllBytes(source);
        int size = 320 * 240 * 3;
        byte[] first = Ffmpeg.frames(playlist, 320, 240).get(0);
        double atZero = Ffmpeg.psnr(first, java.util.Arrays.copyOfRange(all, 0, size));
        for (int k : new int[] {5, 12, 25})
            assertThat(atZero).as("PSNR to source frame 0 against frame %d", k)
                    .isGreaterThan(Ffmpeg.psnr(first, java.util.Arrays.copyOfRange(all, k * size, (k + 1) * size)));

        Matcher summary = SUMMARY.matcher(stderr);
        assertThat(summary.find()).as("summary line in %s", stderr).isTrue();
        assertThat(Double.parseDouble(summary.group(2))).as("p99 added latency within the 2 s budget").isLessThanOrEqualTo(2.0);
        // the outage is a gap; the end of the feed, if the stop came a second after it, another
        assertThat(Integer.parseInt(summary.group(3))).as("gaps recorded").isBetween(1, 2);
        assertThat(stderr.lines().filter(l -> l.startsWith("in ")).count()).as("a status line about every second").isGreaterThan(4);
    }

    /**
     * At 320x240 and 25 fps this CPU blends every frame in time but makes about 12 frames/s with
     * the model: the job starts at repeat, climbs to the blend and on to the model once its lag is
     * calm, finds that the model does not hold, and steps back down instead of falling behind;
     * its output keeps the full rate and its latency stays bounded. (Climbing back when the load
     * drops is QualityLadderTest's.)
     */
    @Test
    void aFeedTooFastForTheModelEngagesTheLadderInsteadOfFallingBehind() throws Exception {
        Live live = Live.start(dir);
        feed(live.port(), SIZE, RATE, 20);
        String stderr = live.stop();
        List<String> changes = Files.readAllLines(live.logLines()).stream().filter(l -> l.contains("QualityLadder"))
                .map(l -> l.replaceAll(".*(quality (up|down) from \\w+ to \\w+).*", "$1")).toList();
        assertThat(changes).as("level changes; status lines: %s", stderr).containsSubsequence("quality up from repeat to blend",
                "quality up from blend to deterministic", "quality down from deterministic to blend");
        Matcher summary = SUMMARY.matcher(stderr);
        assertThat(summary.find()).as("summary line in %s", stderr).isTrue();
        // bounded, within the budget plus 1 s: each failed climb costs a second or two of lag while the model's queue drains
        assertThat(Double.parseDouble(summary.group(2))).as("p99 added latency").isLessThanOrEqualTo(3.0);
        assertThat(Ffmpeg.probe(live.hls().resolve("index.m3u8")).frames()).as("20 s at 50 fps, within a segment").isBetween(950L, 1050L);
    }

    /** The output pushed to an RTMP server (Debian's ffmpeg listening on loopback) arrives at the doubled rate, whole. */
    @Test
    void theOutputCanBePushedToAnRtmpServer() throws Exception {
        int rtmpPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            rtmpPort = s.getLocalPort();
        }
        Path received = dir.resolve("received.flv");
        String url = "rtmp://127.0.0.1:" + rtmpPort + "/live/test";
        Process server = new ProcessBuilder("ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "flv", "-listen", "1", "-i", url,
                "-c", "copy", received.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("rtmp.txt").toFile()).start();
        try {
            Thread.sleep(500); // listening
            Live live = Live.start(dir, "--push", url);
            feed(live.port(), SIZE, RATE, 4);
            String stderr = live.stop();
            assertThat(stderr).contains("ended " + url);
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server saw the stream end").isTrue();
        } finally {
            server.destroyForcibly();
        }
        Ffmpeg.Stream got = Ffmpeg.probe(received);
        assertThat(got.rate()).isEqualTo("50/1");
        assertThat(got.frames()).as("4 s at 50 fps").isBetween(180L, 220L);
    }

    /** Sends {@code seconds} of testsrc2 in real time, as a camera would. */
    private static void feed(int port, String size, int rate, int seconds) {
        Ffmpeg.run("ffmpeg", "-v", "error", "-nostdin", "-re", "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + rate,
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", Integer.toString(rate),
                "-f", "mpegts", "udp://127.0.0.1:" + port + "?pkt_size=1316");
    }

    private static void awaitLine(Process p, Path log, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
            assertThat(p.isAlive()).as("still running; stderr: %s", Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("'%s' appears", text).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
