package io.inbetween.training.data;

import java.util.Random;

/**
 * Flips and time reversal on top of another source: left-right half the time, top-bottom a quarter
 * of the time (gravity makes upside-down motion rarer in real video), played backwards half the time.
 */
final class Augmented implements TripletSource {
    private final TripletSource source;

    Augmented(TripletSource source) { this.source = source; }

    @Override public Triplet next(Random rng) {
        Triplet t = source.next(rng);
        if (rng.nextBoolean()) t = t.flippedHorizontally();
        if (rng.nextInt(4) == 0) t = t.flippedVertically();
        if (rng.nextBoolean()) t = t.timeReversed();
        return t;
    }

    @Override public String describe() { return source.describe() + "; flips and time reversal"; }
}
