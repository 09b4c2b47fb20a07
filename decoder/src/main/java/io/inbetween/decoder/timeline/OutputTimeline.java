package io.inbetween.decoder.timeline;

import io.inbetween.wire.Rational;
import io.inbetween.wire.Slot;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Places output frames on the source's real timestamps. Output frame n is at
 * t_n = t_0 + n / outputRate, t_0 being the first frame's pts; it belongs to the source frames
 * i, i+1 with pts_i <= t_n < pts_{i+1}, at tau = (t_n - pts_i) / (pts_{i+1} - pts_i).
 *
 * <p>Timestamps are whole ticks of the stream's time base and every comparison is exact
 * (rationals over BigInteger): a 24000/1001 source at 60000/1001 puts every other source frame
 * exactly on an output frame, which a microsecond or double clock would miss by a hair and
 * turn into a needless synthesis at tau = 0.00002.
 *
 * <p>Containers round timestamps to their tick (Matroska to the millisecond: a 30 fps frame
 * at 33.33 ms is stored as 33 ms). So an output time within half a tick of a frame's pts is that
 * frame, not a synthesis at tau = 0.01. The tolerance is capped at an eighth of the output
 * period, which keeps coarse time bases (1/25) exact: their timestamps are not rounded.
 *
 * <p>Frames arrive one at a time, so the timeline also serves live sources whose end is unknown.
 */
public final class OutputTimeline {
    private final BigInteger rateNum, rateDen; // output frames per second
    private final BigInteger tickNum, tickDen; // seconds per pts tick
    private final Fraction tolerance;           // how close to a pts counts as on it
    private boolean started;
    private long firstPts, lastPts;
    private long nextIndex;
    private boolean finished;

    public OutputTimeline(Rational outputRate, Rational timeBase) {
        if (!outputRate.isPositive()) throw new IllegalArgumentException("output rate must be positive, got " + outputRate);
        if (!timeBase.isPositive()) throw new IllegalArgumentException("time base must be positive, got " + timeBase);
        rateNum = BigInteger.valueOf(outputRate.num());
        rateDen = BigInteger.valueOf(outputRate.den());
        tickNum = BigInteger.valueOf(timeBase.num());
        tickDen = BigInteger.valueOf(timeBase.den());
        Fraction halfTick = new Fraction(tickNum, tickDen.shiftLeft(1));
        Fraction eighthPeriod = new Fraction(rateDen, rateNum.shiftLeft(3));
        tolerance = halfTick.compareTo(eighthPeriod) < 0 ? halfTick : eighthPeriod;
    }

    /** What the gap after one source frame holds. */
    public record Span(long originalIndex, List<Slot> slots) {
        public Span {
            slots = List.copyOf(slots);
        }

        /** True when the frame itself is an output frame (a slot with tau = 0). */
        public boolean hasOriginal() { return originalIndex >= 0; }
    }

    /** The last frame's share of the output: maybe itself, then copies of it until the end. */
    public record Tail(long originalIndex, List<Slot> nearest, long totalFrames) {
        public Tail {
            nearest = List.copyOf(nearest);
        }

        public boolean hasOriginal() { return originalIndex >= 0; }
    }

    /** Whether a frame with this pts can come next: the first one always, later ones only after the previous. */
    public boolean accepts(long pts) {
        return !finished && (!started || pts > lastPts);
    }

    /**
     * Adds the next source frame. Returns the span of the previous frame (its original, if an
     * output frame falls exactly on it, and the slots up to this frame), or null for the first frame.
     */
    public Span advance(long pts) {
        if (finished) throw new IllegalStateException("timeline already finished");
        if (!started) {
            started = true;
            firstPts = lastPts = pts;
            return null;
        }
        if (pts <= lastPts)
            throw new IllegalArgumentException("timestamps must increase: " + pts + " after " + lastPts);
        Fraction from = offset(lastPts), to = offset(pts);
        long end = Math.max(nextIndex, firstIndexAtOrAfter(to.minus(tolerance)));
        long original = -1;
        List<Slot> slots = new ArrayList<>();
        for (long n = nextIndex; n < end; n++) {
            Fraction t = time(n);
            if (t.compareTo(from.plus(tolerance)) <= 0) original = n;
            else slots.add(new Slot(n, tau(t, from, to)));
        }
        nextIndex = end;
        lastPts = pts;
        return new Span(original, slots);
    }

    /**
     * Closes the timeline. The last frame lasts its nominal duration, or until {@code streamEnd}
     * (seconds on the pts clock, null if unknown) when that is later, so that the output lasts as
     * long as the input: N = #{n : t_n < t_end} (less the rounding tolerance).
     */
    public Tail finish(Rational nominalFrameDuration, Rational streamEnd) {
        if (!started) throw new IllegalStateException("no frame was added");
        if (finished) throw new IllegalStateException("timeline already finished");
        finished = true;
        Fraction from = offset(lastPts);
        Fraction to = from.plus(Fraction.of(nominalFrameDuration));
        if (streamEnd != null) {
            Fraction declared = Fraction.of(streamEnd).minus(Fraction.ofTicks(firstPts, tickNum, tickDen));
            if (declared.compareTo(to) > 0) to = declared;
        }
        long end = Math.max(nextIndex, firstIndexAtOrAfter(to.minus(tolerance)));
        long original = -1;
        List<Slot> nearest = new ArrayList<>();
        for (long n = nextIndex; n < end; n++) {
            Fraction t = time(n);
            if (t.compareTo(from.plus(tolerance)) <= 0) original = n;
            else nearest.add(new Slot(n, tau(t, from, to)));
        }
        nextIndex = end;
        return new Tail(original, nearest, end);
    }

    /** Output frames placed so far; after {@link #finish}, the job's total. */
    public long framesPlaced() { return nextIndex; }

    /** Seconds from the first frame, exactly. */
    public Fraction offset(long pts) { return Fraction.ofTicks(pts - firstPts, tickNum, tickDen); }

    private Fraction time(long n) { return new Fraction(BigInteger.valueOf(n).multiply(rateDen), rateNum); }

    /** The smallest n with t_n >= t, i.e. ceil(t * rate). */
    private long firstIndexAtOrAfter(Fraction t) {
        BigInteger num = t.num().multiply(rateNum), den = t.den().multiply(rateDen);
        BigInteger[] qr = num.divideAndRemainder(den);
        BigInteger ceil = qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
        return ceil.max(BigInteger.ZERO).longValueExact();
    }

    private static double tau(Fraction t, Fraction from, Fraction to) {
        double tau = t.minus(from).dividedBy(to.minus(from)).toDouble();
        // Exact inputs put tau strictly inside (0,1); keep the double there too.
        return Math.min(Math.max(tau, Double.MIN_NORMAL), Math.nextDown(1.0));
    }
}
