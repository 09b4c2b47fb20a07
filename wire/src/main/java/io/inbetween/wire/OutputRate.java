package io.inbetween.wire;

/**
 * The output rate a user asked for: a whole-number factor of the source rate ({@code --factor 2})
 * or an absolute rate ({@code --fps 60000/1001}). Exactly one of the two is set.
 */
public record OutputRate(int factor, Rational fps) {

    /** The highest output rate Inbetween makes, whichever way it was asked for. */
    public static final int MAX_FPS = 1000;

    public OutputRate {
        if ((factor > 0) == (fps != null))
            throw new IllegalArgumentException("give either a factor or an fps, not both and not neither");
        if (factor > 16) throw new IllegalArgumentException("factor " + factor + " is above the maximum of 16");
        if (fps != null && (!fps.isPositive() || fps.toDouble() > MAX_FPS))
            throw new IllegalArgumentException("fps must be in (0, " + MAX_FPS + "], got " + fps);
    }

    public static OutputRate factor(int factor) {
        if (factor < 1) throw new IllegalArgumentException("factor must be 1 or more, got " + factor);
        return new OutputRate(factor, null);
    }

    public static OutputRate fps(Rational fps) { return new OutputRate(0, fps); }

    /** The exact output rate for a source of the given rate; a factor obeys the same cap as an fps. */
    public Rational resolve(Rational sourceRate) {
        if (fps != null) return fps;
        Rational out = sourceRate.times(factor);
        if (out.toDouble() > MAX_FPS)
            throw new IllegalArgumentException("factor " + factor + " of a " + sourceRate + " fps source is " + out
                    + " fps, above the maximum of " + MAX_FPS + " fps");
        return out;
    }

    @Override public String toString() { return fps != null ? fps + " fps" : factor + "x"; }
}
