package io.inbetween.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A plain HTTP client for the API tests: what curl would send, nothing more. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    ApiClient(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    ApiClient withToken(String other) { return new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), other); }

    HttpResponse<byte[]> get(String path, String... headers) { return send(request(path, headers).GET()); }

    HttpResponse<byte[]> head(String path, String... headers) {
        return send(request(path, headers).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<byte[]> delete(String path) { return send(request(path).DELETE()); }

    HttpResponse<byte[]> postJson(String path, String body) {
        return send(request(path, "Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A multipart/form-data POST with one file part (skipped when fileName is null) and text fields. */
    HttpResponse<byte[]> upload(String fileName, byte[] content, Map<String, String> fields) {
        String boundary = "----inbetween" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (var f : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            if (fileName != null) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.write(content);
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(request("/api/jobs", "Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** Uploads and asserts the 202; returns the job JSON. */
    JsonNode submit(String fileName, byte[] content, Map<String, String> fields) {
        HttpResponse<byte[]> r = upload(fileName, content, fields);
        assertThat(r.statusCode()).as("upload of %s: %s", fileName, text(r)).isEqualTo(202);
        JsonNode job = json(r);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/jobs/" + job.get("id").asText());
        return job;
    }

    JsonNode job(String id) {
        HttpResponse<byte[]> r = get("/api/jobs/" + id);
        assertThat(r.statusCode()).as("GET job %s: %s", id, text(r)).isEqualTo(200);
        return json(r);
    }

    /** Polls the job until the condition holds; fails with the last state after the timeout. */
    JsonNode awaitJob(String id, Predicate<JsonNode> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> r = get("/api/jobs/" + id);
            if (r.statusCode() != 404) { // 404: a restarted server has not read the jobs topic that far yet
                assertThat(r.statusCode()).as("GET job %s: %s", id, text(r)).isEqualTo(200);
                last = json(r);
                if (condition.test(last)) return last;
            }
            sleep(200);
        }
        throw new AssertionError("job " + id + " did not get there within " + timeout + "; last state: " + last);
    }

    JsonNode awaitFinal(String id) {
        return awaitJob(id, j -> Set.of("done", "failed", "cancelled").contains(j.get("state").asText()), Duration.ofMinutes(4));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        if (token != null) b.header("Authorization", "Bearer " + token);
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return b;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + text(r), e);
        }
    }

    static String text(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }

    static void sleep(long millis) {
        try { Thread.sleep(millis); } catch (InterruptedException e) { Thread.currentThread().interrupt(); throw new IllegalStateException(e); }
    }

}
