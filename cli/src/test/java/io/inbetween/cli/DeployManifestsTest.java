package io.inbetween.cli;

import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.KafkaLimits;
import io.inbetween.wire.Topics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/ and k8s/ repeat a few facts that live in the code (topic names and partitions, size
 * limits, the interpolators' group, option variables, entry points): they must agree with it.
 * Their schemas are checked by scripts/validate-deploy.sh.
 */
class DeployManifestsTest {
    private static final Path REPO = Path.of(System.getProperty("inbetween.repo", ".."));

    @Test void theStrimziTopicsAreWiresTopicsWithTheirPartitions() throws IOException {
        String kafka = read("k8s/kafka.yaml");
        Map<String, Integer> partitions = Map.of(Topics.JOBS, 1, Topics.PAIRS, Topics.DEFAULT_PAIR_PARTITIONS,
                Topics.FRAMES, Topics.DEFAULT_FRAME_PARTITIONS, Topics.ORDERED, Topics.DEFAULT_FRAME_PARTITIONS, Topics.DEAD_LETTERS, 1);
        partitions.forEach((topic, n) -> assertThat(kafka).as(topic)
                .containsPattern("name: " + Pattern.quote(topic) + "\\n(?:.*\\n){1,3}spec:\\n  partitions: " + n + "\\n"));
        assertThat(count(kafka, "kind: KafkaTopic")).isEqualTo(partitions.size());
    }

    @Test void sizeLimitsAreKafkaLimitsEverywhere() throws IOException {
        String kafka = read("k8s/kafka.yaml"), compose = read("docker/compose.yaml");
        KafkaLimits.broker().forEach((key, value) -> {
            assertThat(kafka).contains(key + ": " + value);
            assertThat(compose).contains("KAFKA_" + key.toUpperCase().replace('.', '_') + ": \"" + value + "\"");
        });
        assertThat(kafka).contains("max.message.bytes: " + KafkaLimits.MAX_BATCH_BYTES);
    }

    @Test void kedaScalesTheInterpolatorGroupUpToThePartitions() throws IOException {
        String keda = read("k8s/keda.yaml");
        assertThat(keda).contains("consumerGroup: " + ConfigKeys.INTERPOLATOR_GROUP).contains("topic: " + Topics.PAIRS)
                .contains("maxReplicaCount: " + Topics.DEFAULT_PAIR_PARTITIONS);
    }

    @Test void everyVariableTheManifestsSetIsAnOption() throws IOException {
        Map<String, String[]> known = ConfigurationTest.variables();
        Pattern variable = Pattern.compile("\\b(INBETWEEN_[A-Z_]+)\\b");
        List<Path> files;
        try (Stream<Path> k8s = Files.list(REPO.resolve("k8s")); Stream<Path> docker = Files.list(REPO.resolve("docker"))) {
            files = Stream.concat(k8s, docker).filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith("Dockerfile")).toList();
        }
        int seen = 0;
        for (Path f : files) {
            Matcher m = variable.matcher(Files.readString(f));
            while (m.find()) {
                String v = m.group(1);
                if (v.equals("INBETWEEN_LOG") || v.equals("INBETWEEN_KAFKA_LOG")) continue; // logback's, not options
                assertThat(known).as("%s sets %s", f.getFileName(), v).containsKey(v);
                seen++;
            }
        }
        assertThat(seen).isGreaterThan(10);
        assertThat(read("k8s/README.md")).as("k8s/README.md documents every variable the manifests set")
                .contains(known.keySet().stream().filter(v -> {
                    try { return read("k8s/config.yaml").contains(v); } catch (IOException e) { throw new IllegalStateException(e); }
                }).toList());
    }

    @Test void everyImageStartsAServiceThatExists() throws Exception {
        Pattern entry = Pattern.compile("\"(io\\.inbetween\\.[a-z.]+\\.[A-Z][A-Za-z]+)\"");
        int images = 0;
        try (Stream<Path> docker = Files.list(REPO.resolve("docker"))) {
            for (Path f : docker.filter(p -> p.toString().endsWith(".Dockerfile")).toList()) {
                Matcher m = entry.matcher(Files.readString(f));
                assertThat(m.find()).as("%s has an Inbetween entry point", f.getFileName()).isTrue();
                Class<?> main = Class.forName(m.group(1));
                assertThat(main.getMethod("main", String[].class)).isNotNull();
                assertThat(Files.readString(f)).as("%s runs as a non-root user with a health check", f.getFileName())
                        .contains("USER 10001").contains("HEALTHCHECK");
                images++;
            }
        }
        assertThat(images).isEqualTo(5); // decoder, interpolator (CPU and CUDA), stream-app, serve
    }

    private static String read(String path) throws IOException { return Files.readString(REPO.resolve(path)); }

    private static int count(String s, String what) { return s.split(Pattern.quote(what), -1).length - 1; }
}
