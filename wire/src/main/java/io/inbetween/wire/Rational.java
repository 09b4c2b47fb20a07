package io.inbetween.wire;

import java.math.BigInteger;

/**
 * An exact frame rate or time, such as 60000/1001. Frame rates are never doubles on the wire:
 * 59.94 as a double drifts by a frame every few hours, 60000/1001 never does.
 */
public record Rational(long num, long den) implements Comparable<Rational> {

    public Rational {
        if (den == 0) throw new IllegalArgumentException("rational with zero denominator: " + num + "/0");
        if (den < 0) { num = -num; den = -den; }
        long g = BigInteger.valueOf(num).gcd(BigInteger.valueOf(den)).longValue();
        if (g > 1) { num /= g; den /= g; }
    }

    public static Rational of(long num, long den) { return new Rational(num, den); }

    /** Parses "60", "60000/1001" or "29.97" (decimals become exact fractions of 1000). */
    public static Rational parse(String text) {
        String s = text.trim();
        try {
            int slash = s.indexOf('/');
            if (slash >= 0) return new Rational(Long.parseLong(s.substring(0, slash).trim()), Long.parseLong(s.substring(slash + 1).trim()));
            if (s.contains(".")) {
                java.math.BigDecimal d = new java.math.BigDecimal(s);
                return new Rational(d.movePointRight(d.scale()).longValueExact(), BigInteger.TEN.pow(d.scale()).longValueExact());
            }
            return new Rational(Long.parseLong(s), 1);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a rate: '" + text + "' (use e.g. 60, 59.94 or 60000/1001)");
        }
    }

    public Rational times(long k) { return new Rational(Math.multiplyExact(num, k), den); }

    public double toDouble() { return (double) num / den; }

    public boolean isPositive() { return num > 0; }

    @Override public int compareTo(Rational o) {
        return BigInteger.valueOf(num).multiply(BigInteger.valueOf(o.den))
                .compareTo(BigInteger.valueOf(o.num).multiply(BigInteger.valueOf(den)));
    }

    @Override public String toString() { return den == 1 ? Long.toString(num) : num + "/" + den; }
}
