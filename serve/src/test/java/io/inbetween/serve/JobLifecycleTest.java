package io.inbetween.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.inbetween.testing.TestClips;
import io.inbetween.model.synthesis.SynthesizerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Job state lives in Kafka: a restarted server knows its jobs; retention removes them for good. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class JobLifecycleTest {

    @Test void jobsSurviveARestartAndRetentionRemovesThem(@TempDir Path data) throws IOException {
        ServeSettings settings = ServeSettings.defaults(data, new SynthesizerOptions("blend", "cpu", 4, null)).withPreset("ultrafast");
        byte[] ball = Files.readAllBytes(TestClips.ballWithAudio());
        String id;
        byte[] output;
        try (ServeApp first = ServeApp.start(settings)) {
            ApiClient api = new ApiClient(first.port(), null);
            id = api.submit("ball.mp4", ball, Map.of("factor", "3")).get("id").asText();
            assertThat(api.awaitFinal(id).get("state").asText()).isEqualTo("done");
            output = api.get("/api/jobs/" + id + "/output").body();
        }

        try (ServeApp second = ServeApp.start(settings)) {
            ApiClient api = new ApiClient(second.port(), null);
            JsonNode job = api.awaitJob(id, j -> true, Duration.ofSeconds(60)); // 404 until the jobs topic is read
            assertThat(job.get("state").asText()).isEqualTo("done");
            assertThat(job.get("framesDone").asLong()).isEqualTo(150);
            HttpResponse<byte[]> again = api.get("/api/jobs/" + id + "/output");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(output);
        }

        ServeSettings shortRetention = settings.withLimits(settings.maxUploadBytes(), settings.maxActiveJobs(), Duration.ofSeconds(2));
        try (ServeApp third = ServeApp.start(shortRetention)) {
            ApiClient api = new ApiClient(third.port(), null);
            // the folder goes only when the sweep has seen the job (a 404 alone could mean "not read yet")
            Path folder = data.resolve("jobs").resolve(id);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Files.exists(folder) && System.nanoTime() < deadline) ApiClient.sleep(250);
            assertThat(folder).as("the job's files are gone after the retention").doesNotExist();
            while (api.get("/api/jobs/" + id).statusCode() != 404 && System.nanoTime() < deadline) ApiClient.sleep(100);
            assertThat(api.get("/api/jobs/" + id).statusCode()).as("the job is gone after the retention").isEqualTo(404);
        }

        try (ServeApp fourth = ServeApp.start(settings)) {
            ApiClient api = new ApiClient(fourth.port(), null);
            // a job done after the tombstone, on the one-partition jobs topic: once the server has read
            // its DONE event, it has read the tombstone too
            String later = api.submit("later.mp4", ball, Map.of("factor", "2")).get("id").asText();
            assertThat(api.awaitFinal(later).get("state").asText()).isEqualTo("done");
            assertThat(ServeApiTest.ids(api.get("/api/jobs"))).contains(later).doesNotContain(id);
        }
    }
}
