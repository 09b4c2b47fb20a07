package io.inbetween.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.inbetween.decoder.LiveOptions;
import io.inbetween.decoder.source.SourcePolicy;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestClips;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live jobs through serve's API, on an embedded broker, with loopback allowlisted as the only
 * internal host: refusals cost nothing, stalled sources fail on their own while an upload beside
 * them completes, and a live feed is served as HLS while it is written and closed by a DELETE.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServeLiveTest {
    @TempDir static Path data;
    static ServeApp server;
    static ApiClient api;

    @BeforeAll static void start() {
        server = ServeApp.start(ServeSettings.defaults(data, new SynthesizerOptions("blend", "cpu", 4, null)).withPreset("ultrafast")
                .withLive(LiveOptions.DEFAULT.withPolicy(SourcePolicy.allowing("127.0.0.1").bindingTo("127.0.0.1"))));
        api = new ApiClient(server.port(), null);
    }

    @AfterAll static void stop() {
        if (server != null) server.close();
    }

    @Test void refusedSourcesAre400sAndQueueNothing() {
        int before = ServeApiTest.ids(api.get("/api/jobs")).size();
        for (String url : List.of("file:///etc/passwd", "concat:/etc/passwd|/etc/hosts", "gopher://example.com/x"))
            assertRefused(url, "must be a ");
        for (String url : List.of("http://10.1.2.3/live.ts", "rtmp://192.168.0.9/live/key", "http://169.254.169.254/latest/"))
            assertRefused(url, "is an internal address");
        assertThat(ServeApiTest.ids(api.get("/api/jobs"))).hasSize(before);
    }

    private static void assertRefused(String url, String reason) {
        HttpResponse<byte[]> r = api.postJson("/api/jobs", "{\"source\": \"" + url + "\"}");
        assertThat(r.statusCode()).as(url + ": " + ApiClient.text(r)).isEqualTo(400);
        assertThat(ApiClient.json(r).get("error").asText()).contains(reason).doesNotContain("\n");
    }

    @Test void stalledSourcesFailOnTheirOwnWhileAnUploadBesideThemCompletes() throws Exception {
        int silentUdp;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            silentUdp = probe.getLocalPort(); // nobody sends there
        }
        List<Socket> held = new ArrayList<>();
        try (ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> { // accepts and never answers
                try {
                    while (true) held.add(mute.accept());
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }, "mute-http");
            acceptor.setDaemon(true);
            acceptor.start();
            String udp = "udp://127.0.0.1:" + silentUdp, http = "http://127.0.0.1:" + mute.getLocalPort() + "/live.ts";
            String udpJob = queued(udp), httpJob = queued(http);
            JsonNode upload = api.submit("ball.mp4", Files.readAllBytes(TestClips.ballWithAudio()), Map.of("factor", "2"));
            JsonNode uploaded = api.awaitFinal(upload.get("id").asText());
            assertThat(uploaded.get("state").asText()).as("%s", uploaded).isEqualTo("done");
            for (String[] job : new String[][] {{udpJob, udp}, {httpJob, http}}) {
                JsonNode failed = api.awaitJob(job[0], j -> j.get("state").asText().equals("failed"), Duration.ofSeconds(60));
                assertThat(failed.get("error").asText()).isEqualTo("live source " + job[1]
                        + " did not deliver a video stream within 10 s (it may be down, unreachable or not a stream)");
            }
        } finally {
            for (Socket s : held) s.close();
        }
    }

    private static String queued(String url) {
        HttpResponse<byte[]> r = api.postJson("/api/jobs", "{\"source\": \"" + url + "\", \"factor\": 2}");
        assertThat(r.statusCode()).as(ApiClient.text(r)).isEqualTo(202);
        return ApiClient.json(r).get("id").asText();
    }

    @Test void aLiveFeedIsServedAsHlsWhileItIsWrittenAndADeleteClosesIt() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String id = queued("udp://127.0.0.1:" + port);
        String playlist = "/api/jobs/" + id + "/live/index.m3u8";
        assertThat(api.job(id).at("/links/live").asText()).isEqualTo(playlist);
        Process feed = new ProcessBuilder("ffmpeg", "-v", "error", "-nostdin", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-f", "mpegts",
                "udp://127.0.0.1:" + port + "?pkt_size=1316").redirectErrorStream(true).start();
        try {
            JsonNode running = api.awaitJob(id, j -> j.get("framesDone").asLong() > 50, Duration.ofSeconds(60));
            assertThat(running.get("state").asText()).isEqualTo("running");
            JsonNode status = running.get("live");
            assertThat(status.get("level").asText()).isIn("repeat", "blend", "deterministic");
            assertThat(status.get("framesRead").asLong()).isPositive();
            assertThat(status.get("lagSeconds").asDouble()).isBetween(0.0, 10.0);
            HttpResponse<byte[]> list = api.get(playlist);
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.headers().firstValue("Content-Type").orElse("")).contains("mpegurl");
            assertThat(ApiClient.text(list)).startsWith("#EXTM3U").contains("index-00000.ts").doesNotContain("#EXT-X-ENDLIST");
            assertThat(api.get("/api/jobs/" + id + "/live/index-00000.ts").statusCode()).isEqualTo(200);
            assertThat(feed.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            feed.destroyForcibly();
        }
        HttpResponse<byte[]> stop = api.delete("/api/jobs/" + id);
        assertThat(stop.statusCode()).as(ApiClient.text(stop)).isEqualTo(202);
        JsonNode done = api.awaitFinal(id);
        assertThat(done.get("state").asText()).as("%s", done).isEqualTo("done");
        assertThat(ApiClient.text(api.get(playlist))).contains("#EXT-X-ENDLIST");
        Ffmpeg.Stream out = Ffmpeg.probe(URI.create("http://127.0.0.1:" + server.port() + playlist));
        assertThat(out.rate()).isEqualTo("50/1");
        // 6 s fed at 50 fps, within a segment; the feed starts with the request, so the open may miss its first instants
        assertThat(out.frames()).as("6 s fed").isBetween(200L, 350L);
        assertThat(api.delete("/api/jobs/" + id).statusCode()).as("a second DELETE removes it").isEqualTo(204);
        assertThat(api.get(playlist).statusCode()).isEqualTo(404);
    }
}
