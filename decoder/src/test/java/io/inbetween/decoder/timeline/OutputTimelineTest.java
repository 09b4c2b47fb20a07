package io.inbetween.decoder.timeline;

import io.inbetween.wire.Rational;
import io.inbetween.wire.Slot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OutputTimelineTest {
    private static final Rational MICROS = Rational.of(1, 1_000_000);

    /** Every output index of a plan: where it comes from. */
    private record Placed(String kind, int frame, double tau) {}

    /** Runs a whole sequence of pts through a timeline and collects index -> placement. */
    private static TreeMap<Long, Placed> plan(Rational rate, Rational timeBase, long[] pts, Rational nominal, Rational streamEnd) {
        OutputTimeline timeline = new OutputTimeline(rate, timeBase);
        TreeMap<Long, Placed> placed = new TreeMap<>();
        for (int i = 0; i < pts.length; i++) {
            OutputTimeline.Span span = timeline.advance(pts[i]);
            if (i == 0) {
                assertThat(span).isNull();
                continue;
            }
            if (span.hasOriginal()) assertThat(placed.put(span.originalIndex(), new Placed("original", i - 1, 0))).isNull();
            for (Slot s : span.slots()) assertThat(placed.put(s.outputIndex(), new Placed("pair", i - 1, s.tau()))).isNull();
        }
        OutputTimeline.Tail tail = timeline.finish(nominal, streamEnd);
        if (tail.hasOriginal()) assertThat(placed.put(tail.originalIndex(), new Placed("original", pts.length - 1, 0))).isNull();
        for (Slot s : tail.nearest()) assertThat(placed.put(s.outputIndex(), new Placed("nearest", pts.length - 1, s.tau()))).isNull();
        assertThat(placed.keySet()).as("indexes 0..N-1, each once").containsExactlyElementsOf(range(tail.totalFrames()));
        assertThat(timeline.framesPlaced()).isEqualTo(tail.totalFrames());
        return placed;
    }

    private static List<Long> range(long n) {
        List<Long> all = new ArrayList<>();
        for (long i = 0; i < n; i++) all.add(i);
        return all;
    }

    private static long[] constantRate(int frames, long step, long first) {
        long[] pts = new long[frames];
        for (int i = 0; i < frames; i++) pts[i] = first + i * step;
        return pts;
    }

    @Test
    void doublingPutsOneSlotMidwayBetweenEveryPair() {
        // 26 frames at 25 fps in a 1/25 time base, as in mecavideo-Force_constante.avi
        var placed = plan(Rational.of(50, 1), Rational.of(1, 25), constantRate(26, 1, 0), Rational.of(1, 25), null);
        assertThat(placed).hasSize(52);
        for (long n = 0; n < 50; n += 2) {
            assertThat(placed.get(n)).isEqualTo(new Placed("original", (int) n / 2, 0));
            assertThat(placed.get(n + 1)).isEqualTo(new Placed("pair", (int) n / 2, 0.5));
        }
        assertThat(placed.get(50L)).isEqualTo(new Placed("original", 25, 0));
        assertThat(placed.get(51L).kind()).isEqualTo("nearest");
    }

    @Test
    void quadruplingHasThreeSlotsPerPair() {
        var placed = plan(Rational.of(100, 1), Rational.of(1, 25), constantRate(26, 1, 0), Rational.of(1, 25), null);
        assertThat(placed).hasSize(104);
        assertThat(placed.get(5L)).isEqualTo(new Placed("pair", 1, 0.25));
        assertThat(placed.get(6L)).isEqualTo(new Placed("pair", 1, 0.5));
        assertThat(placed.get(7L)).isEqualTo(new Placed("pair", 1, 0.75));
        assertThat(placed.values().stream().filter(p -> p.kind().equals("original"))).hasSize(26);
        assertThat(placed.values().stream().filter(p -> p.kind().equals("nearest"))).hasSize(3);
    }

    @Test
    void twentyFiveToSixtyFollowsTheExactFormula() {
        // t_end = 26/25 s; N = #{n : n/60 < 26/25} = ceil(62.4) = 63
        var placed = plan(Rational.of(60, 1), Rational.of(1, 12800), constantRate(26, 512, 0), Rational.of(1, 25), null);
        assertThat(placed).hasSize(63);
        // t_5 = 1/12 s lies between frames 2 (0.08 s) and 3 (0.12 s): tau = (1/12 - 2/25) * 25
        assertThat(placed.get(5L).frame()).isEqualTo(2);
        assertThat(placed.get(5L).tau()).isCloseTo((1.0 / 12 - 2.0 / 25) * 25, within(1e-12));
        // originals only where n/60 = k/25 exactly: n = 0, 12, 24, 36, 48, 60
        assertThat(placed.entrySet().stream().filter(e -> e.getValue().kind().equals("original")).map(e -> e.getKey()))
                .containsExactly(0L, 12L, 24L, 36L, 48L, 60L);
    }

    @Test
    void ntscFilmToNtscSixtyHitsEverySecondSourceFrameExactly() {
        // 24000/1001 in a 1/24000 time base (pts step 1001) to 60000/1001: 2.5 outputs per frame
        long[] pts = constantRate(240, 1001, 0);
        var placed = plan(Rational.of(60000, 1001), Rational.of(1, 24000), pts, Rational.of(1001, 24000), null);
        // t_end = 240 * 1001/24000 s, N = 240 * 2.5 = 600
        assertThat(placed).hasSize(600);
        for (int k = 0; k < 240; k += 2) assertThat(placed.get(k * 5L / 2)).isEqualTo(new Placed("original", k, 0));
        assertThat(placed.get(1L)).isEqualTo(new Placed("pair", 0, 0.4));
        assertThat(placed.get(2L)).isEqualTo(new Placed("pair", 0, 0.8));
        assertThat(placed.get(3L).tau()).isCloseTo(0.2, within(1e-12));
        assertThat(placed.get(4L).tau()).isCloseTo(0.6, within(1e-12));
        assertThat(placed.values().stream().filter(p -> p.kind().equals("original"))).hasSize(120);
    }

    @Test
    void variableFrameRateUsesTheRealTimestamps() {
        // 10 fps for 3 frames, then a 300 ms gap, then 40 ms steps (µs clock), output 50 fps
        long[] pts = {1_000_000, 1_100_000, 1_200_000, 1_500_000, 1_540_000, 1_580_000};
        var placed = plan(Rational.of(50, 1), MICROS, pts, Rational.of(1, 25), null);
        // t_0 = 1.0 s; outputs every 20 ms; t_end = 1.58 + 0.04 = 1.62 s -> N = 31
        assertThat(placed).hasSize(31);
        assertThat(placed.get(0L)).isEqualTo(new Placed("original", 0, 0));
        assertThat(placed.get(1L)).isEqualTo(new Placed("pair", 0, 0.2));
        assertThat(placed.get(4L)).isEqualTo(new Placed("pair", 0, 0.8));
        assertThat(placed.get(5L)).isEqualTo(new Placed("original", 1, 0));
        // across the 300 ms gap, 14 slots at 1/15 steps
        for (int k = 1; k < 15; k++) {
            Placed p = placed.get(10L + k);
            assertThat(p.kind()).isEqualTo("pair");
            assertThat(p.frame()).isEqualTo(2);
            assertThat(p.tau()).isCloseTo(k / 15.0, within(1e-12));
        }
        assertThat(placed.get(25L)).isEqualTo(new Placed("original", 3, 0));
        assertThat(placed.get(26L)).isEqualTo(new Placed("pair", 3, 0.5));
        assertThat(placed.get(30L)).isEqualTo(new Placed("nearest", 5, 0.5));
    }

    @Test
    void millisecondRoundedTimestampsStillHitTheOriginals() {
        // Matroska stores 30 fps as 0, 33, 67, 100, 133 ... ms; at 60 fps every other output is an original
        long[] pts = new long[90];
        for (int i = 0; i < pts.length; i++) pts[i] = Math.round(i * 1000.0 / 30);
        var placed = plan(Rational.of(60, 1), Rational.of(1, 1000), pts, Rational.of(1, 30), null);
        assertThat(placed).hasSize(180);
        for (long n = 0; n < 180; n += 2) {
            assertThat(placed.get(n)).isEqualTo(new Placed("original", (int) n / 2, 0));
            if (n + 1 < 179) assertThat(placed.get(n + 1).tau()).isCloseTo(0.5, within(0.02));
        }
    }

    @Test
    void lastFrameLastsUntilTheDeclaredStreamEndWhenThatIsLater() {
        // 3 frames at 10 fps, but the container says the video lasts 0.5 s: frames 30..49 copy the last one
        var placed = plan(Rational.of(100, 1), Rational.of(1, 10), new long[] {0, 1, 2}, Rational.of(1, 10), Rational.of(1, 2));
        assertThat(placed).hasSize(50);
        assertThat(placed.get(20L)).isEqualTo(new Placed("original", 2, 0));
        assertThat(placed.subMap(21L, 50L).values()).allSatisfy(p -> assertThat(p.kind()).isEqualTo("nearest"));
        // a declared end shorter than the nominal one changes nothing
        assertThat(plan(Rational.of(100, 1), Rational.of(1, 10), new long[] {0, 1, 2}, Rational.of(1, 10), Rational.of(1, 5))).hasSize(30);
    }

    @Test
    void slowerOutputSkipsPairsWithNothingBetweenThem() {
        // 60 fps to 30 fps: every other source frame is an original, no pair has a slot
        OutputTimeline timeline = new OutputTimeline(Rational.of(30, 1), Rational.of(1, 60));
        List<OutputTimeline.Span> spans = new ArrayList<>();
        for (long p = 0; p < 10; p++) {
            OutputTimeline.Span span = timeline.advance(p);
            if (span != null) spans.add(span);
        }
        assertThat(spans).allSatisfy(s -> assertThat(s.slots()).isEmpty());
        assertThat(spans.stream().filter(OutputTimeline.Span::hasOriginal).map(OutputTimeline.Span::originalIndex))
                .containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(timeline.finish(Rational.of(1, 60), null).totalFrames()).isEqualTo(5);
    }

    @Test
    void startOffsetAndTimeBaseDoNotMatter() {
        // the same 2x plan from pts starting at 90 000 in a 1/90000 clock (mpeg-ts) as from 0 in 1/25
        var ts = plan(Rational.of(50, 1), Rational.of(1, 90000), constantRate(26, 3600, 90_000), Rational.of(1, 25), null);
        var avi = plan(Rational.of(50, 1), Rational.of(1, 25), constantRate(26, 1, 0), Rational.of(1, 25), null);
        assertThat(ts).isEqualTo(avi);
    }

    @Test
    void refusesTimestampsThatDoNotIncrease() {
        OutputTimeline timeline = new OutputTimeline(Rational.of(50, 1), Rational.of(1, 25));
        timeline.advance(5);
        assertThat(timeline.accepts(5)).isFalse();
        assertThat(timeline.accepts(4)).isFalse();
        assertThat(timeline.accepts(6)).isTrue();
        assertThatThrownBy(() -> timeline.advance(5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("increase");
    }

    @Test
    void hoursOfNtscVideoStayExact() {
        // frame 86 400 of a 24000/1001 film (an hour in): still an exact original at 60000/1001
        OutputTimeline timeline = new OutputTimeline(Rational.of(60000, 1001), Rational.of(1, 24000));
        timeline.advance(0);
        long k = 86_400;
        timeline.advance((k - 1) * 1001);
        OutputTimeline.Span span = timeline.advance(k * 1001);
        OutputTimeline.Span next = timeline.advance((k + 1) * 1001);
        assertThat(next.originalIndex()).isEqualTo(k * 5 / 2);
        assertThat(span.slots()).extracting(Slot::tau).allSatisfy(t -> assertThat(t).isIn(0.2, 0.6, 0.4, 0.8));
    }
}
