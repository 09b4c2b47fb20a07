package io.inbetween.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The progress the API reports rises in many steps while a job runs, not in one jump at its end:
 * frames flow through the pipeline in presentation order and the encoder writes as they come.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProgressStepsTest {
    @TempDir Path data;

    @Test
    void theApisProgressRisesStepByStep() throws Exception {
        byte[] clip = Files.readAllBytes(TestClips.ballLong()); // 255 frames -> 510
        try (ServeApp server = ServeApp.start(ServeSettings.defaults(data, new SynthesizerOptions("blend", "cpu", 1, null)).withPreset("ultrafast"))) {
            ApiClient api = new ApiClient(server.port(), null);
            String id = api.submit("long.mp4", clip, Map.of("factor", "2")).get("id").asText();
            List<Long> seen = new ArrayList<>();
            JsonNode job;
            do {
                job = api.job(id);
                long done = job.get("framesDone").asLong();
                if (seen.isEmpty() || seen.get(seen.size() - 1) != done) seen.add(done);
                ApiClient.sleep(100);
            } while (!job.get("state").asText().matches("done|failed|cancelled"));
            assertThat(job.get("state").asText()).as("%s", job).isEqualTo("done");
            long total = job.get("framesTotal").asLong();
            assertThat(total).isEqualTo(510);
            List<Long> during = seen.stream().filter(d -> d > 0 && d < total).toList();
            assertThat(during).as("distinct progress values while running: %s", seen).hasSizeGreaterThanOrEqualTo(5);
            long biggestStep = 0;
            for (int i = 1; i < seen.size(); i++) biggestStep = Math.max(biggestStep, seen.get(i) - seen.get(i - 1));
            assertThat(biggestStep).as("the largest jump in %s", seen).isLessThanOrEqualTo(total / 3);
        }
    }
}
