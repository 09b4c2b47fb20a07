package io.inbetween.decoder.live;

import io.inbetween.decoder.live.QualityLadder.Level;
import io.inbetween.wire.FrameBlend;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The ladder alone, on a clock moved by hand. */
class QualityLadderTest {
    private static final long S = 1_000_000_000L;
    private static final Duration BUDGET = Duration.ofSeconds(2);

    @Test
    void stepsDownOneLevelPerSettleTimeWhileTheLagIsHigh() {
        QualityLadder ladder = new QualityLadder("job", 4, BUDGET, 0);
        assertThat(ladder.level()).isEqualTo(Level.FULL);
        assertThat(ladder.observe(1.1, 2 * S)).isTrue();
        assertThat(ladder.level()).isEqualTo(Level.DETERMINISTIC);
        assertThat(ladder.steps(4)).isZero();
        assertThat(ladder.observe(1.5, 3 * S + S / 2)).as("a step is given time to drain the lag").isFalse();
        assertThat(ladder.observe(1.5, 4 * S)).isTrue();
        assertThat(ladder.level()).isEqualTo(Level.BLEND);
        assertThat(ladder.observe(1.9, 6 * S)).isTrue();
        assertThat(ladder.level()).isEqualTo(Level.REPEAT);
        assertThat(ladder.observe(5, 12 * S)).as("nothing below the bottom").isFalse();
        assertThat(ladder.changes()).isEqualTo(3);
    }

    @Test
    void withoutDiffusionStepsTheBestLevelIsTheMeanFrame() {
        QualityLadder ladder = new QualityLadder("job", 0, BUDGET, 0);
        assertThat(ladder.level()).isEqualTo(Level.DETERMINISTIC);
        assertThat(ladder.observe(0.1, 100 * S)).as("already at its best").isFalse();
    }

    @Test
    void climbsBackOnlyAfterCalmAndNotInTheMiddleBand() {
        QualityLadder ladder = new QualityLadder("job", 0, BUDGET, 0);
        ladder.observe(1.5, 2 * S); // down to blend
        for (long t = 3; t < 20; t++) assertThat(ladder.observe(0.8, t * S)).as("0.8 s is between the thresholds").isFalse();
        assertThat(ladder.level()).isEqualTo(Level.BLEND);
        assertThat(ladder.observe(0.2, 20 * S)).isFalse();
        assertThat(ladder.observe(0.2, 24 * S)).as("calm for 4 s only").isFalse();
        assertThat(ladder.observe(0.2, 25 * S)).isTrue();
        assertThat(ladder.level()).isEqualTo(Level.DETERMINISTIC);
    }

    @Test
    void aClimbThatFailsDoublesTheWaitBeforeTheNext() {
        QualityLadder ladder = new QualityLadder("job", 0, BUDGET, 0);
        ladder.observe(1.5, 2 * S);              // down
        ladder.observe(0.1, 3 * S);
        assertThat(ladder.observe(0.1, 8 * S)).isTrue();  // up after 5 s
        assertThat(ladder.observe(1.5, 10 * S)).isTrue(); // down again soon: the climb failed
        ladder.observe(0.1, 11 * S);
        assertThat(ladder.observe(0.1, 16 * S)).as("5 s is no longer enough").isFalse();
        assertThat(ladder.observe(0.1, 21 * S)).as("10 s is").isTrue();
    }

    @Test
    void blendAndNearestFrames() {
        RgbFrame a = new RgbFrame(1, 1, new byte[] {0, 100, (byte) 200});
        RgbFrame b = new RgbFrame(1, 1, new byte[] {100, 100, 0});
        assertThat(FrameBlend.blend(a, b, 0.5).rgb()).containsExactly(50, 100, 100);
        assertThat(FrameBlend.blend(a, b, 0.25).rgb()).containsExactly(25, 100, (byte) 150);
        assertThat(FrameBlend.nearest(a, b, 0.4)).isSameAs(a);
        assertThat(FrameBlend.nearest(a, b, 0.6)).isSameAs(b);
    }
}
