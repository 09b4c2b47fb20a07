package io.inbetween.decoder.source;

import com.sun.net.httpserver.HttpServer;
import io.inbetween.decoder.InputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a live source URL may reach: network protocols only, no internal hosts unless allowed, also behind redirects. */
@Timeout(60)
class SourcePolicyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "concat:/etc/passwd|/etc/hosts", "subfile:,start,0,end,0,:/etc/passwd",
            "pipe:0", "data:text/plain;base64,aGVsbG8=", "gopher://example.com/", "ftp://example.com/video.ts"})
    void onlyNetworkProtocolsAreSources(String url) {
        String message = "source " + url + " is refused: a live source must be a http, https, rtmp, rtmps, rtp, rtsp, rtsps, srt, tcp, udp URL";
        if (url.startsWith("file:")) {
            // a file: URL is a file path to VideoSource, never a live source
            assertThat(SourcePolicy.isNetwork(url)).isFalse();
        } else {
            assertThat(SourcePolicy.isNetwork(url)).isTrue();
        }
        assertThatThrownBy(() -> SourcePolicy.DEFAULT.check(url)).isInstanceOf(InputException.class).hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/live.ts", "http://localhost/live.ts", "rtmp://10.1.2.3/live/key",
            "rtsp://192.168.1.20/stream", "srt://172.16.0.5:9000", "http://169.254.169.254/latest/meta-data/",
            "tcp://0.0.0.0:9000", "http://[::1]:8080/", "http://[fd00::1]/", "rtmp://100.64.0.1/live", "udp://127.0.0.1:5000"})
    void internalHostsAreRefusedUnlessAllowed(String url) {
        assertThatThrownBy(() -> SourcePolicy.DEFAULT.check(url))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("source " + url + " is refused: ")
                .hasMessageContaining("is an internal address (loopback, link-local or private); allow it with --allow-source-host");
    }

    @Test
    void anAllowedHostPassesAndOthersStayRefused() {
        SourcePolicy loopback = SourcePolicy.allowing("127.0.0.1");
        assertThatCode(() -> loopback.check("udp://127.0.0.1:5000")).doesNotThrowAnyException();
        assertThatCode(() -> loopback.check("http://127.0.0.1:8080/x.ts")).doesNotThrowAnyException();
        assertThatThrownBy(() -> loopback.check("http://10.0.0.1/x.ts")).isInstanceOf(InputException.class);
        // a name that resolves to an allowed address passes too: the check is on addresses
        assertThatCode(() -> loopback.check("http://localhost:8080/x.ts")).doesNotThrowAnyException();
        assertThatCode(() -> SourcePolicy.DEFAULT.check("rtmp://93.184.215.14/live/key")).doesNotThrowAnyException();
        assertThatCode(() -> SourcePolicy.DEFAULT.check("udp://@:5000")).as("a UDP listener reaches no one").doesNotThrowAnyException();
    }

    @Test
    void ffmpegMayOpenNothingBeneathTheScheme() {
        var udp = SourcePolicy.DEFAULT.bindingTo("127.0.0.1").ffmpegOptions("udp://@:5000", TIMEOUT);
        assertThat(udp).containsEntry("protocol_whitelist", "udp").containsEntry("timeout", "2000000")
                .containsEntry("localaddr", "127.0.0.1");
        var http = SourcePolicy.DEFAULT.ffmpegOptions("https://example.com/live.ts", TIMEOUT);
        assertThat(http).containsEntry("protocol_whitelist", "https,tcp,tls").containsEntry("max_redirects", "0");
        assertThat(http.get("format_whitelist")).doesNotContain("hls").doesNotContain("dash").doesNotContain("concat");
    }

    /** A loopback HTTP server whose /go redirects to {@code location}. */
    private String redirectingTo(String location) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/go";
    }

    @Test
    void aRedirectToAnInternalHostIsRefused() throws IOException {
        String url = redirectingTo("http://10.20.30.40/secret.ts");
        assertThatThrownBy(() -> SourcePolicy.allowing("127.0.0.1").checkAndFollow(url, TIMEOUT))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("source " + url + " is refused: 10.20.30.40 is an internal address");
    }

    @Test
    void aRedirectToAFileIsRefused() throws IOException {
        String url = redirectingTo("file:///etc/passwd");
        assertThatThrownBy(() -> SourcePolicy.allowing("127.0.0.1").checkAndFollow(url, TIMEOUT))
                .isInstanceOf(InputException.class)
                .hasMessage("source " + url + " is refused: it redirects to a file: URL");
    }

    @Test
    void aPlaylistIsNotFollowedAndItsSegmentsAreNeverFetched() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            byte[] body = ("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nsegment0.ts\n#EXTINF:1.0,\nhttp://127.0.0.1:"
                    + server.getAddress().getPort() + "/inner.ts\n#EXT-X-ENDLIST\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.apple.mpegurl");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/index.m3u8";
        assertThatThrownBy(() -> VideoSource.open(url, TIMEOUT, SourcePolicy.allowing("127.0.0.1")).close())
                .isInstanceOf(InputException.class)
                .hasMessage("live source " + url + " did not deliver a video stream within 2 s (it may be down, unreachable or not a stream)");
        assertThat(requests).as("only the playlist itself was fetched").allMatch("/index.m3u8"::equals).isNotEmpty();
    }
}
