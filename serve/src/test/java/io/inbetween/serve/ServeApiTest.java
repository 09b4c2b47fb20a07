package io.inbetween.serve;

import io.inbetween.testing.TestMedia;
import com.fasterxml.jackson.databind.JsonNode;
import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestClips;
import io.inbetween.decoder.LiveOptions;
import io.inbetween.decoder.source.SourcePolicy;
import io.inbetween.model.synthesis.SynthesizerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API against running servers on real parts: an embedded KRaft broker, the real pipeline
 * (blend synthesizer), real clips, and Debian's ffprobe as the judge of what comes out. A second
 * server shares the cluster in API-only mode (as a deployment behind a load balancer would) with
 * a token and tight limits.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeApiTest {
    static final String TOKEN = "t0ken-" + System.nanoTime();
    @TempDir static Path dataA;
    static ServeApp server;
    static ServeApp guarded;
    static ApiClient api;
    static byte[] ball;
    static String doneJob;

    @BeforeAll static void start() throws IOException {
        ball = Files.readAllBytes(TestClips.ballWithAudio()); // 50 frames, 25 fps, 320x256, AAC
        // the server's own downloads are the stream sources of test 12: loopback is allowed here
        server = ServeApp.start(ServeSettings.defaults(dataA, new SynthesizerOptions("blend", "cpu", 4, null)).withPreset("ultrafast")
                .withLive(LiveOptions.DEFAULT.withPolicy(SourcePolicy.allowing("127.0.0.1"))));
        api = new ApiClient(server.port(), null);
        // an API-only server beside it on the same cluster, its files on the volume the pipeline may read and write (its data folder)
        guarded = ServeApp.start(new ServeSettings("127.0.0.1", 0, dataA.resolve("api-only"), server.bootstrapServers(), false, 0, null,
                1024 * 1024, Duration.ofDays(1), TOKEN, 2, "ultrafast", Duration.ofSeconds(30), null), server.kafkaConfig());
    }

    @AfterAll static void stop() {
        if (guarded != null) guarded.close();
        if (server != null) server.close();
    }

    @Test @Order(1) void uploadPollAndDownloadWithRanges() throws IOException {
        JsonNode queued = api.submit("ball.mp4", ball, Map.of("factor", "2"));
        assertThat(queued.get("state").asText()).isIn("queued", "running");
        assertThat(queued.get("name").asText()).isEqualTo("ball.mp4");
        String id = queued.get("id").asText();

        JsonNode done = api.awaitFinal(id);
        assertThat(done.get("state").asText()).as("%s", done).isEqualTo("done");
        assertThat(done.get("framesTotal").asLong()).isEqualTo(100);
        assertThat(done.get("framesDone").asLong()).isEqualTo(100);
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(done.get("outputFps").asText()).isEqualTo("50");
        assertThat(ids(api.get("/api/jobs"))).contains(id);
        doneJob = id;

        HttpResponse<byte[]> whole = api.get("/api/jobs/" + id + "/output");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("video/mp4"));
        byte[] file = whole.body();
        // HEAD answers like GET, without the body
        HttpResponse<byte[]> headers = api.head("/api/jobs/" + id + "/output");
        assertThat(headers.statusCode()).isEqualTo(200);
        assertThat(headers.headers().firstValue("Content-Type")).isEqualTo(whole.headers().firstValue("Content-Type"));
        assertThat(headers.headers().firstValue("Content-Length")).hasValue(Integer.toString(file.length));
        assertThat(headers.body()).isEmpty();
        assertThat(api.head("/api/jobs/" + id + "/source").headers().firstValue("Content-Length")).hasValue(Integer.toString(ball.length));
        Path downloaded = dataA.resolve("downloaded.mp4");
        Files.write(downloaded, file);
        Ffmpeg.Stream probe = Ffmpeg.probe(downloaded);
        assertThat(probe.frames()).isEqualTo(100);
        assertThat(probe.rate()).isEqualTo("50/1");

        HttpResponse<byte[]> head = api.get("/api/jobs/" + id + "/output", "Range", "bytes=0-99");
        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(head.headers().firstValue("Content-Range")).hasValue("bytes 0-99/" + file.length);
        assertThat(head.body()).isEqualTo(Arrays.copyOfRange(file, 0, 100));
        HttpResponse<byte[]> middle = api.get("/api/jobs/" + id + "/output", "Range", "bytes=1000-");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(file, 1000, file.length));
        HttpResponse<byte[]> tail = api.get("/api/jobs/" + id + "/output", "Range", "bytes=-10");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(file, file.length - 10, file.length));
        HttpResponse<byte[]> beyond = api.get("/api/jobs/" + id + "/output", "Range", "bytes=" + file.length + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + file.length);

        HttpResponse<byte[]> source = api.get("/api/jobs/" + id + "/source");
        assertThat(source.statusCode()).isEqualTo(200);
        assertThat(source.body()).isEqualTo(ball);
        assertThat(source.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("video/mp4"));
    }

    @Test @Order(2) void absoluteRateAndLosslessOptionsReachTheOutput() throws IOException {
        String id = api.submit("ball.mp4", ball, Map.of("fps", "60", "lossless", "true", "steps", "0")).get("id").asText();
        JsonNode done = api.awaitFinal(id);
        assertThat(done.get("state").asText()).as("%s", done).isEqualTo("done");
        assertThat(done.at("/options/lossless").asBoolean()).isTrue();
        assertThat(done.at("/options/steps").asInt()).isZero();
        HttpResponse<byte[]> out = api.get("/api/jobs/" + id + "/output");
        assertThat(out.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).endsWith(".mkv\""));
        Path file = dataA.resolve("downloaded.mkv");
        Files.write(file, out.body());
        Ffmpeg.Stream probe = Ffmpeg.probe(file);
        assertThat(probe.rate()).isEqualTo("60/1");
        assertThat(probe.frames()).isEqualTo(120);
    }

    @Test @Order(3) void aRunningJobIsCancelledAndItsFilesRemoved() throws IOException {
        byte[] longer = Files.readAllBytes(TestMedia.video("mecavideo-balle-jbart.mp4")); // 10 s, 720x576: 1000 frames at 4x
        String id = api.submit("long.mp4", longer, Map.of("factor", "4")).get("id").asText();
        Path folder = dataA.resolve("jobs").resolve(id);
        assertThat(folder.resolve("source")).exists();
        api.awaitJob(id, j -> j.get("state").asText().equals("running"), Duration.ofMinutes(2));

        HttpResponse<byte[]> cancel = api.delete("/api/jobs/" + id);
        assertThat(cancel.statusCode()).as(ApiClient.text(cancel)).isEqualTo(200);
        assertThat(ApiClient.json(cancel).get("state").asText()).isEqualTo("cancelled");
        JsonNode after = api.awaitJob(id, j -> j.get("state").asText().equals("cancelled"), Duration.ofSeconds(30));
        assertThat(after.get("framesDone").asLong()).isLessThan(1000);
        assertThat(api.get("/api/jobs/" + id + "/output").statusCode()).isEqualTo(409);
        assertThat(folder.resolve("source")).doesNotExist();
        // the pipeline lets go of the job: it stays cancelled, and a late write by the encoder is swept away
        ApiClient.sleep(3000);
        assertThat(api.job(id).get("state").asText()).isEqualTo("cancelled");

        HttpResponse<byte[]> delete = api.delete("/api/jobs/" + id);
        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(api.get("/api/jobs/" + id).statusCode()).isEqualTo(404);
        assertThat(ids(api.get("/api/jobs"))).doesNotContain(id);
    }

    @Test @Order(4) void badUploadsAreRefusedAndNothingIsQueued() throws IOException {
        Set<String> before = ids(api.get("/api/jobs"));
        List<String> foldersBefore = folders(dataA);

        assertRefused(api.upload("notes.mp4", "just some text, not a video\n".repeat(50).getBytes(StandardCharsets.UTF_8), Map.of()),
                415, "looks like a text file");
        assertRefused(api.upload("photo.mp4", Files.readAllBytes(TestMedia.texture("skimage-astronaut.png")), Map.of()), 415, "PNG picture");
        byte[] truncated = Arrays.copyOf(ball, 4096); // the container's head, and nothing FFmpeg can decode
        HttpResponse<byte[]> cut = api.upload("cut.mp4", truncated, Map.of());
        assertThat(cut.statusCode()).as(ApiClient.text(cut)).isEqualTo(415);
        assertThat(ApiClient.json(cut).get("error").asText()).contains("cut.mp4").doesNotContain(dataA.toString());
        assertRefused(api.upload("empty.mp4", new byte[0], Map.of()), 415, "empty file");
        assertRefused(api.upload(null, null, Map.of("factor", "2")), 400, "field 'file'");
        assertRefused(api.upload("ball.mp4", ball, Map.of("factor", "2", "fps", "60")), 400, "not both");
        assertRefused(api.upload("ball.mp4", ball, Map.of("crf", "99")), 400, "crf");
        assertRefused(api.upload("ball.mp4", ball, Map.of("speed", "fast")), 400, "unknown option 'speed'");
        assertRefused(api.postJson("/api/jobs", "{\"source\": \"file:///etc/passwd\"}"), 400, "stream URL");
        assertRefused(api.postJson("/api/jobs", "[1,2"), 400, "JSON");

        assertThat(ids(api.get("/api/jobs"))).isEqualTo(before);
        assertThat(folders(dataA)).isEqualTo(foldersBefore);
    }

    @Test @Order(5) void noClientNameReachesAPath() throws IOException {
        Path outside = dataA.getParent().resolve("evil.mp4");
        JsonNode job = api.submit("../../" + outside.getFileName(), ball, Map.of("factor", "2"));
        String id = job.get("id").asText();
        assertThat(id).doesNotContain("/").doesNotStartWith(".");
        assertThat(outside).doesNotExist();
        assertThat(dataA.resolve("jobs").resolve(id).resolve("source")).hasBinaryContent(ball);
        assertThat(api.get("/api/jobs/..%2F..%2Fetc%2Fpasswd").statusCode()).isIn(400, 404);
        assertThat(api.get("/api/jobs/..%2F..%2Fetc%2Fpasswd/output").statusCode()).isIn(400, 404);
        assertThat(api.get("/api/jobs/.hidden/source").statusCode()).isIn(400, 404);
        assertThat(api.awaitFinal(id).get("state").asText()).isEqualTo("done");
    }

    @Test @Order(6) void theTokenGuardsTheApi() {
        ApiClient anonymous = new ApiClient(guarded.port(), null);
        HttpResponse<byte[]> denied = anonymous.get("/api/jobs");
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        assertThat(ApiClient.json(denied).get("error").asText()).contains("Authorization: Bearer");
        assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(401);
        assertThat(anonymous.upload("ball.mp4", ball, Map.of()).statusCode()).isEqualTo(401);
        assertThat(anonymous.withToken("wrong").get("/api/jobs").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/api/jobs", "Cookie", BearerToken.COOKIE + "=" + TOKEN).statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/api/openapi.json").statusCode()).isEqualTo(200);

        ApiClient allowed = anonymous.withToken(TOKEN);
        assertThat(allowed.get("/api/jobs").statusCode()).isEqualTo(200);
        // this server runs no stage: the other server's pipeline does the work, through the shared cluster
        String id = allowed.submit("ball.mp4", ball, Map.of("factor", "2")).get("id").asText();
        assertThat(allowed.awaitFinal(id).get("state").asText()).isEqualTo("done");
        assertThat(allowed.get("/api/jobs/" + id + "/output").statusCode()).isEqualTo(200);
    }

    @Test @Order(7) void anOversizedUploadIsRefusedBeforeItIsRead() {
        ApiClient client = new ApiClient(guarded.port(), TOKEN);
        byte[] big = new byte[3 * 1024 * 1024];
        System.arraycopy(ball, 0, big, 0, ball.length);
        HttpResponse<byte[]> r = client.upload("big.mp4", big, Map.of());
        assertThat(r.statusCode()).as(ApiClient.text(r)).isEqualTo(413);
        assertThat(ApiClient.json(r).get("error").asText()).contains("limit of 1 MB");
    }

    @Test @Order(8) void parallelUploadsAreAllQueuedOrRefusedWith429() throws Exception {
        ApiClient client = new ApiClient(guarded.port(), TOKEN);
        Set<String> before = ids(client.get("/api/jobs"));
        int uploads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            Callable<HttpResponse<byte[]>> upload = () -> client.upload("parallel.mp4", ball, Map.of("factor", "2"));
            answers.add(pool.submit(upload));
        }
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        for (Future<HttpResponse<byte[]>> f : answers) {
            HttpResponse<byte[]> r = f.get(3, TimeUnit.MINUTES);
            assertThat(r.statusCode()).as(ApiClient.text(r)).isIn(202, 429);
            if (r.statusCode() == 202) accepted.add(ApiClient.json(r).get("id").asText());
            else {
                refused++;
                assertThat(ApiClient.json(r).get("error").asText()).contains("limit 2").contains("nothing was queued");
            }
        }
        pool.shutdown();
        assertThat(accepted).as("at most the limit runs at once").hasSizeBetween(1, 2);
        assertThat(accepted.size() + refused).isEqualTo(uploads);
        for (String id : accepted) assertThat(client.awaitFinal(id).get("state").asText()).isEqualTo("done");
        Set<String> after = ids(client.get("/api/jobs"));
        after.removeAll(before);
        assertThat(after).containsExactlyInAnyOrderElementsOf(accepted);
        // once they are done, there is room again
        assertThat(client.upload("again.mp4", ball, Map.of("factor", "2")).statusCode()).isEqualTo(202);
    }

    @Test @Order(9) void metricsAndLiveEventsShowThePipeline() throws IOException {
        System.gc(); // a meter that held its source weakly would now read NaN
        String metrics = ApiClient.text(api.get("/metrics"));
        assertThat(value(metrics, "inbetween_frames_in_total")).isGreaterThanOrEqualTo(50);
        assertThat(value(metrics, "inbetween_scene_cuts_total")).isGreaterThanOrEqualTo(0);
        assertThat(metrics.lines().filter(l -> l.startsWith("inbetween_"))).noneMatch(l -> l.endsWith("NaN"));
        assertThat(value(metrics, "inbetween_frames_out_total")).isGreaterThanOrEqualTo(100);
        assertThat(value(metrics, "inbetween_frames_synthesized_total")).isGreaterThan(0);
        assertThat(value(metrics, "inbetween_frame_latency_seconds_count")).isGreaterThan(0);
        assertThat(metrics).contains("inbetween_frame_latency_seconds_bucket{");
        assertThat(metrics).contains("inbetween_kafka_consumer_lag_records{group=\"inbetween-interpolator\",topic=\"inbetween.pairs\"}");
        assertThat(value(metrics, "kafka_consumer_fetch_manager_bytes_consumed_total")).isGreaterThan(0);
        assertThat(value(metrics, "kafka_producer_outgoing_byte_total")).isGreaterThan(0);
        // the reorderer (Kafka Streams) as Micrometer's KafkaStreamsMetrics names it
        assertThat(value(metrics, "kafka_stream_thread_process_total")).isGreaterThan(0);
        assertThat(metrics).contains("jvm_memory_used_bytes{");
        assertThat(value(metrics, "inbetween_kafka_bytes_total")).isGreaterThan(0);
        assertThat(metrics).contains("inbetween_jobs{state=\"done\"}");

        JsonNode snapshot = firstSnapshot();
        assertThat(snapshot.get("stages").fieldNames()).toIterable().containsExactly("decoder", "interpolator", "reorderer", "encoder");
        assertThat(snapshot.get("jobs").size()).isGreaterThan(0);
        assertThat(snapshot.at("/interpolator/replicas").asInt()).isEqualTo(1);
        assertThat(snapshot.get("lag").fieldNames()).toIterable().contains("inbetween-interpolator · inbetween.pairs");
    }

    /** The embedded broker's port is open to every local process: without the secret it queues nothing. */
    @Test @Order(9) void aLocalProcessWithoutTheBrokersSecretCannotQueueWork() throws Exception {
        Path secret = dataA.resolve("kafka").resolve("client.secret");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(server.kafkaConfig()).containsEntry("security.protocol", "SASL_PLAINTEXT");
        Path target = dataA.resolve("planted.mkv");
        var spec = new io.inbetween.wire.JobSpec("planted", TestClips.ballWithAudio().toString(), target.toString(),
                io.inbetween.wire.OutputRate.factor(2), new io.inbetween.wire.Encoding(18, "ultrafast", false), 0, 0,
                io.inbetween.wire.JobSpec.DEFAULT_SCENE_THRESHOLD);
        Map<String, Object> anonymous = Map.of("bootstrap.servers", server.bootstrapServers(), "max.block.ms", 3000);
        try (var intruder = new org.apache.kafka.clients.producer.KafkaProducer<>(anonymous,
                io.inbetween.wire.Topics.JOB_EVENTS.keySerde().serializer(), io.inbetween.wire.Topics.JOB_EVENTS.valueSerde().serializer())) {
            assertThat(intruder.send(new org.apache.kafka.clients.producer.ProducerRecord<>(io.inbetween.wire.Topics.JOBS, spec.jobId(),
                    io.inbetween.wire.JobEvent.queued(spec)))).failsWithin(Duration.ofSeconds(20));
        }
        Thread.sleep(2000);
        assertThat(api.get("/api/jobs/planted").statusCode()).as("no such job").isEqualTo(404);
        assertThat(target).doesNotExist();
    }

    @Test @Order(10) void theOpenApiDescriptionCoversEveryRoute() throws IOException {
        JsonNode openapi = ApiClient.json(api.get("/api/openapi.json"));
        Set<String> described = new HashSet<>();
        openapi.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (!m.equals("parameters")) described.add(m.toUpperCase() + " " + p.getKey());
        }));
        assertThat(described).containsExactlyInAnyOrderElementsOf(server.routes());
    }

    @Test @Order(11) void theGrafanaDashboardQueriesOnlyMetricsTheServerExports() throws IOException {
        Path repo = Path.of(System.getProperty("inbetween.repo", ".."));
        JsonNode dashboard = ApiClient.JSON.readTree(repo.resolve("docker/grafana/inbetween-dashboard.json").toFile());
        String metrics = ApiClient.text(api.get("/metrics"));
        Set<String> exported = new HashSet<>();
        metrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> exported.add(l.split("[{ ]", 2)[0]));
        List<String> queried = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels"))
            for (JsonNode target : panel.get("targets")) {
                var m = java.util.regex.Pattern.compile("\\b((?:inbetween|kafka|jvm)_[a-z0-9_]+)").matcher(target.get("expr").asText());
                while (m.find()) queried.add(m.group(1));
            }
        assertThat(queried).hasSizeGreaterThan(10);
        assertThat(exported).containsAll(queried);
        assertThat(dashboard.get("panels").size()).isGreaterThanOrEqualTo(6);
    }

    @Test @Order(12) void aStreamUrlIsASourceToo() {
        // this server's own source download is a real HTTP stream for FFmpeg
        String url = "http://127.0.0.1:" + server.port() + "/api/jobs/" + doneJob + "/source";
        HttpResponse<byte[]> r = api.postJson("/api/jobs", "{\"source\": \"" + url + "\", \"factor\": 2}");
        assertThat(r.statusCode()).as(ApiClient.text(r)).isEqualTo(202);
        JsonNode queued = ApiClient.json(r);
        assertThat(queued.get("name").asText()).isEqualTo("source");
        assertThat(queued.at("/links/source").isNull()).as("a stream is not kept by the server").isTrue();
        String id = queued.get("id").asText();
        JsonNode done = api.awaitFinal(id);
        assertThat(done.get("state").asText()).as("%s", done).isEqualTo("done");
        assertThat(done.get("framesDone").asLong()).isEqualTo(100);
        // a stream's output is HLS, served from the job's URL
        String playlist = done.at("/links/live").asText();
        assertThat(playlist).isEqualTo("/api/jobs/" + id + "/live/index.m3u8");
        assertThat(ApiClient.text(api.get(playlist))).contains("#EXT-X-ENDLIST");
        assertThat(Ffmpeg.probe(java.net.URI.create("http://127.0.0.1:" + server.port() + playlist)).frames()).isEqualTo(100);
        assertThat(api.get("/api/jobs/" + id + "/output").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/jobs/" + id + "/source").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/jobs/" + id + "/live/..%2F..%2Fkafka").statusCode()).as("only playlist and segment names").isEqualTo(404);

        // a source that cannot be reached fails the job, in the same words whatever the port said
        HttpResponse<byte[]> nowhere = api.postJson("/api/jobs", "{\"source\": \"rtsp://127.0.0.1:9/none\"}");
        assertThat(nowhere.statusCode()).as(ApiClient.text(nowhere)).isEqualTo(202);
        JsonNode failed = api.awaitFinal(ApiClient.json(nowhere).get("id").asText());
        assertThat(failed.get("error").asText()).isEqualTo("live source rtsp://127.0.0.1:9/none did not deliver a video stream"
                + " within 10 s (it may be down, unreachable or not a stream)");
    }

    // ---- helpers

    private static void assertRefused(HttpResponse<byte[]> r, int status, String reason) {
        assertThat(r.statusCode()).as(ApiClient.text(r)).isEqualTo(status);
        assertThat(ApiClient.json(r).get("error").asText()).contains(reason);
    }

    static Set<String> ids(HttpResponse<byte[]> list) {
        assertThat(list.statusCode()).isEqualTo(200);
        Set<String> ids = new HashSet<>();
        ApiClient.json(list).get("jobs").forEach(j -> ids.add(j.get("id").asText()));
        return ids;
    }

    private static List<String> folders(Path data) throws IOException {
        try (var s = Files.list(data.resolve("jobs"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The sum of every sample of one metric in a Prometheus scrape. */
    static double value(String scrape, String metric) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape.lines().toList()) {
            if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        assertThat(found).as("metric %s in the scrape", metric).isTrue();
        return sum;
    }

    /** Reads the event stream until the first snapshot. */
    private static JsonNode firstSnapshot() throws IOException {
        var connection = (java.net.HttpURLConnection) java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/events").toURL().openConnection();
        connection.setReadTimeout(10_000);
        connection.setRequestProperty("Accept", "text/event-stream"); // as EventSource sends it
        assertThat(connection.getContentType()).startsWith("text/event-stream");
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
            boolean snapshot = false;
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.equals("event: snapshot")) snapshot = true;
                else if (snapshot && line.startsWith("data: ")) return ApiClient.JSON.readTree(line.substring(6));
            }
        } finally {
            connection.disconnect();
        }
        throw new AssertionError("the event stream ended without a snapshot");
    }

    static List<JsonNode> list(JsonNode array) { return StreamSupport.stream(array.spliterator(), false).toList(); }
}
