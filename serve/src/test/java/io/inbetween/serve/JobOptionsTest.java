package io.inbetween.serve;

import io.inbetween.wire.JobSpec;
import io.inbetween.wire.Rational;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobOptionsTest {
    @Test void defaultsMatchTheCommandLine() {
        JobOptions o = JobOptions.parse(Map.of(), "medium");
        assertThat(o.rate().factor()).isEqualTo(2);
        assertThat(o.steps()).isEqualTo(JobSpec.DEFAULT_STEPS);
        assertThat(o.sceneThreshold()).isEqualTo(JobSpec.DEFAULT_SCENE_THRESHOLD);
        assertThat(o.encoding().crf()).isEqualTo(18);
        assertThat(o.encoding().preset()).isEqualTo("medium");
        assertThat(o.outputExtension()).isEqualTo("mp4");
    }

    @Test void readsEveryOption() {
        JobOptions o = JobOptions.parse(Map.of("fps", "60000/1001", "steps", "8", "seed", "42", "sceneThreshold", "0.5",
                "crf", "23", "preset", "fast", "lossless", "true"), "medium");
        assertThat(o.rate().fps()).isEqualTo(Rational.of(60000, 1001));
        assertThat(o.steps()).isEqualTo(8);
        assertThat(o.seed()).isEqualTo(42);
        assertThat(o.sceneThreshold()).isEqualTo(0.5);
        assertThat(o.encoding().lossless()).isTrue();
        assertThat(o.outputExtension()).isEqualTo("mkv");
    }

    @Test void refusesWhatTheWireRecordsWouldRefuse() {
        assertBad(Map.of("factor", "2", "fps", "60"), "not both");
        assertBad(Map.of("factor", "0"), "factor");
        assertBad(Map.of("factor", "two"), "whole number");
        assertBad(Map.of("fps", "-5"), "fps");
        assertBad(Map.of("crf", "60"), "crf");
        assertBad(Map.of("preset", "warp"), "preset");
        assertBad(Map.of("steps", "-1"), "steps");
        assertBad(Map.of("sceneThreshold", "0"), "sceneThreshold");
        assertBad(Map.of("lossless", "maybe"), "true or false");
        assertBad(Map.of("colour", "red"), "unknown option 'colour'");
    }

    private static void assertBad(Map<String, String> fields, String reason) {
        assertThatThrownBy(() -> JobOptions.parse(fields, "medium")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).containsIgnoringCase(reason);
        });
    }
}
