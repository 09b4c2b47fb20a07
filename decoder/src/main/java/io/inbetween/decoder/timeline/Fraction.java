package io.inbetween.decoder.timeline;

import io.inbetween.wire.Rational;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * An exact time in seconds. Unlike the wire's {@link Rational} it adds and subtracts without
 * overflow, which the timeline needs for ticks times rates over hours of video.
 */
public record Fraction(BigInteger num, BigInteger den) implements Comparable<Fraction> {

    public Fraction {
        if (den.signum() == 0) throw new IllegalArgumentException("fraction with zero denominator");
        if (den.signum() < 0) { num = num.negate(); den = den.negate(); }
        BigInteger g = num.gcd(den);
        if (g.compareTo(BigInteger.ONE) > 0) { num = num.divide(g); den = den.divide(g); }
    }

    public static Fraction of(Rational r) { return new Fraction(BigInteger.valueOf(r.num()), BigInteger.valueOf(r.den())); }

    static Fraction ofTicks(long ticks, BigInteger tickNum, BigInteger tickDen) {
        return new Fraction(BigInteger.valueOf(ticks).multiply(tickNum), tickDen);
    }

    public Fraction plus(Fraction o) { return new Fraction(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den)); }

    public Fraction minus(Fraction o) { return new Fraction(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den)); }

    public Fraction dividedBy(Fraction o) { return new Fraction(num.multiply(o.den), den.multiply(o.num)); }

    public double toDouble() { return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL64).doubleValue(); }

    /** Whole microseconds, rounded down. */
    public long toMicros() { return num.multiply(BigInteger.valueOf(1_000_000)).divide(den).longValueExact(); }

    @Override public int compareTo(Fraction o) { return num.multiply(o.den).compareTo(o.num.multiply(den)); }

    @Override public String toString() { return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den; }
}
