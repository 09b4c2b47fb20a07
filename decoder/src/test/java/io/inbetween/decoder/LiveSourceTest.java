package io.inbetween.decoder;

import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestMedia;
import io.inbetween.decoder.source.LiveFeed;
import io.inbetween.decoder.source.SourceFrame;
import io.inbetween.decoder.source.SourcePolicy;
import io.inbetween.decoder.source.VideoSource;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.OutputRate;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Live sources over TCP (FFmpeg's tcp:// client against a socket served by the test): dead ones fail, never hang. */
@Timeout(120)
class LiveSourceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** The test's server is on loopback, which only an allowlist lets a source reach. */
    private static final SourcePolicy LOOPBACK = SourcePolicy.allowing("127.0.0.1");
    /** A feed that ends when its source does (no reconnect), and fills a gap after 1 s. */
    private static final LiveOptions OPTIONS = LiveOptions.DEFAULT.withPolicy(LOOPBACK)
            .withFeed(new LiveFeed.Settings(Duration.ZERO, Duration.ofSeconds(1), 50));

    private static String unreachable(String url) {
        return "live source " + url + " did not deliver a video stream within 1 s (it may be down, unreachable or not a stream)";
    }

    @TempDir Path dir;
    private ServerSocket server;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stopServer() throws IOException {
        release.countDown();
        if (server != null) server.close();
    }

    /** Serves {@code bytes} to the first client, then either closes or holds the connection open, silent. */
    private String serve(byte[] bytes, boolean thenHang) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                out.write(bytes);
                out.flush();
                if (thenHang) release.await();
            } catch (IOException | InterruptedException e) {
                // the test is over
            }
        }, "live-source");
        thread.setDaemon(true);
        thread.start();
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    private Path transportStream() {
        return Ffmpeg.ffmpeg("-i", TestMedia.video("gem-anim-1.mov").toString(), "-an", "-c:v", "mpeg2video", "-q:v", "4",
                "-f", "mpegts", dir.resolve("anim.ts").toString());
    }

    private static JobSpec spec(String jobId, String input) {
        return new JobSpec(jobId, input, "/tmp/" + jobId + ".mp4", OutputRate.factor(2), Encoding.DEFAULT, 0, 1,
                JobSpec.DEFAULT_SCENE_THRESHOLD);
    }

    @Test
    void aSourceThatSendsNothingFailsAtOpen() throws IOException {
        String url = serve(new byte[0], true);
        long start = System.nanoTime();
        assertThatThrownBy(() -> VideoSource.open(url, TIMEOUT, LOOPBACK).close())
                .isInstanceOf(InputException.class)
                .hasMessage(unreachable(url));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aSourceThatStallsMidStreamEndsTheFeedAfterItsLastFrameIsRepeatedThroughTheGap() throws IOException {
        byte[] ts = Files.readAllBytes(transportStream());
        String url = serve(java.util.Arrays.copyOf(ts, ts.length / 2), true);
        MockProducer<String, byte[]> producer = Published.producer();
        long total;
        LiveStatus status;
        // the gap is filled from 0.3 s of silence on; the stall is noticed at 1 s, and the feed then ends
        LiveOptions options = OPTIONS.withFeed(new LiveFeed.Settings(Duration.ZERO, Duration.ofMillis(300), 50));
        try (JobDecoder decoder = new JobDecoder(producer, TIMEOUT, options, false)) {
            total = decoder.decode(spec("stall", url), () -> false);
            status = decoder.liveStatus();
        }
        Published out = Published.from(producer);
        assertThat(out.events()).extracting(JobEvent::state).containsExactly(JobState.RUNNING, JobState.RUNNING);
        assertThat(out.events().get(1).totalFrames()).isEqualTo(total);
        assertThat(status.feed().gaps()).as("the silence before the stall was noticed is one gap").isEqualTo(1);
        assertThat(status.feed().gapFrames()).as("filled with repeats").isPositive();
        // every source frame before the stall, and the repeats, are pairs
        assertThat(out.pairs()).hasSize((int) (status.feed().framesRead() + status.feed().gapFrames() - 1));
        assertThat(status.feed().framesRead()).as("frames before the stall").isGreaterThan(10);
    }

    @Test
    void aLiveStreamThatEndsIsAComplete() throws IOException {
        String url = serve(Files.readAllBytes(transportStream()), false);
        MockProducer<String, byte[]> producer = Published.producer();
        long total;
        try (JobDecoder decoder = new JobDecoder(producer, TIMEOUT, OPTIONS, false)) {
            total = decoder.decode(spec("live", url), () -> false);
        }
        Published out = Published.from(producer);
        assertThat(out.events().get(0).info().durationMicros()).as("live: no duration").isEqualTo(-1);
        // 91 frames at 30 fps doubled: 182 output frames (the last frame lasts its nominal 1/30 s)
        assertThat(total).isEqualTo(182);
        assertThat(out.frames().get(out.frames().size() - 1).isEndOfStream()).isTrue();
        assertThat(out.pairs()).hasSize(90);
    }

    @Test
    void aRefusedConnectionSaysOnlyThatTheSourceFailed() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        String url = "tcp://127.0.0.1:" + port;
        // how a port answers (refused, reset, silent) would map the server's network for an API user
        assertThatThrownBy(() -> VideoSource.open(url, TIMEOUT, LOOPBACK).close())
                .isInstanceOf(InputException.class)
                .hasMessage(unreachable(url));
    }

    @Test
    void framesOfALiveSourceComeInOrder() throws IOException {
        String url = serve(Files.readAllBytes(transportStream()), false);
        try (VideoSource source = VideoSource.open(url, TIMEOUT, LOOPBACK)) {
            assertThat(source.isLive()).isTrue();
            long previous = Long.MIN_VALUE;
            int frames = 0;
            for (SourceFrame f = source.next(); f != null; f = source.next()) {
                assertThat(f.pts()).isGreaterThan(previous);
                previous = f.pts();
                frames++;
            }
            assertThat(frames).isEqualTo(91);
        }
    }
}
