package io.inbetween.cli;

import io.inbetween.broker.EmbeddedBroker;
import io.inbetween.decoder.LiveOptions;
import io.inbetween.local.JobClient;
import io.inbetween.local.LocalPipeline;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.testing.TestClips;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.PathRoots;
import io.inbetween.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anyone who can write to the jobs topic can name paths in a job: the stages read and write only
 * under their roots. A job outside them fails with the reason, and nothing is read or written.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class JobConfinementTest {
    @TempDir Path dir;

    @Test void jobsNamingPathsOutsideTheRootsFailAndTouchNothing() throws Exception {
        Path in = Files.createDirectory(dir.resolve("in")), out = Files.createDirectory(dir.resolve("out"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path inside = Files.copy(TestClips.ballWithAudio(), in.resolve("ball.mp4"));
        Path outsideInput = Files.copy(TestClips.ballWithAudio(), elsewhere.resolve("ball.mp4"));
        SynthesizerOptions blend = new SynthesizerOptions("blend", "cpu", 2, null);
        try (EmbeddedBroker broker = EmbeddedBroker.start(null)) {
            Topics.ensure(broker.bootstrapServers());
            try (LocalPipeline pipeline = LocalPipeline.start(broker.clientConfig(), new LocalPipeline.Stages(true, 1, true), blend,
                    dir.resolve("state"), LiveOptions.DEFAULT, PathRoots.of(List.of(in), List.of(out)));
                 JobClient client = new JobClient(broker.bootstrapServers())) {
                JobEvent readOutside = run(client, pipeline, job("read-outside", outsideInput, out.resolve("a.mkv")));
                assertThat(readOutside.state()).isEqualTo(JobState.FAILED);
                assertThat(readOutside.error()).startsWith("input " + outsideInput + " is outside the folders this stage reads from");
                assertThat(readOutside.info()).as("nothing was read: no video info").isNull();

                Path target = elsewhere.resolve("written.mkv");
                JobEvent writeOutside = run(client, pipeline, job("write-outside", inside, target));
                assertThat(writeOutside.state()).isEqualTo(JobState.FAILED);
                assertThat(writeOutside.error()).startsWith("output " + target + " is outside the folders this stage writes to");
                assertThat(target).doesNotExist();
                try (var files = Files.list(elsewhere)) {
                    assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ball.mp4");
                }

                JobEvent allowed = run(client, pipeline, job("allowed", inside, out.resolve("ok.mkv")));
                assertThat(allowed.state()).as("error: %s", allowed.error()).isEqualTo(JobState.DONE);
                assertThat(out.resolve("ok.mkv")).isNotEmptyFile();
            }
        }
    }

    private static JobSpec job(String id, Path input, Path output) {
        return new JobSpec(id, input.toString(), output.toString(), OutputRate.factor(2), new Encoding(18, "ultrafast", true), 0, 0,
                JobSpec.DEFAULT_SCENE_THRESHOLD);
    }

    private static JobEvent run(JobClient client, LocalPipeline pipeline, JobSpec spec) {
        client.submit(spec);
        return client.await(spec.jobId(), Duration.ofMillis(300), e -> {}, pipeline::checkAlive);
    }
}
