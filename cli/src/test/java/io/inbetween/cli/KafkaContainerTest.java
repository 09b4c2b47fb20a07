package io.inbetween.cli;

import io.inbetween.local.JobClient;
import io.inbetween.local.LocalPipeline;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.testing.TestClips;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.KafkaLimits;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline against the official apache/kafka image, where a Docker engine exists (skipped
 * where none does; the embedded brokers carry the same scenario in the other tests).
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerTest {
    @Container
    static final KafkaContainer KAFKA = limits(new KafkaContainer("apache/kafka:4.1.0"));

    @TempDir Path dir;

    private static KafkaContainer limits(KafkaContainer kafka) {
        KafkaLimits.broker().forEach((key, value) -> kafka.withEnv("KAFKA_" + key.toUpperCase().replace('.', '_'), value));
        return kafka.withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    }

    @Test void aJobRunsThroughTheOfficialImage() throws Exception {
        String kafka = KAFKA.getBootstrapServers();
        Topics.ensure(kafka);
        JobSpec spec = new JobSpec("container", TestClips.ballLong().toString(), dir.resolve("container.mkv").toString(), OutputRate.factor(2),
                new Encoding(18, "ultrafast", true), 0, 0, JobSpec.DEFAULT_SCENE_THRESHOLD);
        try (LocalPipeline pipeline = LocalPipeline.start(kafka, new LocalPipeline.Stages(true, 1, true),
                new SynthesizerOptions("blend", "cpu", 2, null), dir.resolve("state"));
             JobClient client = new JobClient(kafka)) {
            client.submit(spec);
            JobEvent last = client.await(spec.jobId(), Duration.ofMillis(500), e -> {}, pipeline::checkAlive);
            assertThat(last.state()).as("error: %s", last.error()).isEqualTo(JobState.DONE);
        }
        ProcessFaultTest.assertExactBlendOutput(dir.resolve("container.mkv"));
    }
}
