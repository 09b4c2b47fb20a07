package io.inbetween.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ResultFileTest {

    @Test
    void resultsSurviveTheTripFromChildToParent(@TempDir Path dir) {
        ResultFile file = new ResultFile(dir.resolve("m.tsv"));
        ClipResult clip = new ClipResult("blend", "gem-anim-1", Resolution.P480, 480, 480, 4, 12, 27.123456789, 0.912345678, 0.0812345, 1.5e-3);
        ThroughputResult t = new ThroughputResult("blend", "kphotoalbum-movie.avi", 160, 120, 68, 67, 0.25);
        file.description("blend:\tlinear\ncross-fade");
        file.clip(clip);
        file.memory(123_456_789L, 98_765_432L);
        file.throughput(t);
        MethodOutcome o = file.read("blend");
        assertThat(o.ok()).isTrue();
        assertThat(o.clips()).containsExactly(clip);
        assertThat(o.throughput()).isEqualTo(t);
        assertThat(o.peakRssBytes()).isEqualTo(123_456_789L);
        assertThat(o.baselineRssBytes()).isEqualTo(98_765_432L);
        assertThat(o.description()).isEqualTo("blend: linear cross-fade");
    }

    @Test
    void errorsAndGapsAreKeptApart(@TempDir Path dir) {
        ResultFile gap = new ResultFile(dir.resolve("a.tsv"));
        gap.error("synthesizer 'crvd' is not available", true);
        assertThat(gap.read("crvd-k0")).matches(o -> !o.ok() && o.unavailable() && o.error().contains("not available"));
        ResultFile failed = new ResultFile(dir.resolve("b.tsv"));
        failed.error("ffmpeg minterpolate output is misaligned", false);
        assertThat(failed.read("minterpolate")).matches(o -> !o.ok() && !o.unavailable());
    }

    @Test
    void aChildThatWroteNothingHasNoResults(@TempDir Path dir) {
        assertThat(Files.exists(dir.resolve("none.tsv"))).isFalse();
        assertThat(new ResultFile(dir.resolve("none.tsv")).read("x").clips()).isEmpty();
    }
}
