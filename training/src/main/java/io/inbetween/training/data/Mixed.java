package io.inbetween.training.data;

import java.util.Random;

/** Draws from the real source with probability {@code realFraction}, otherwise from the synthetic one. */
final class Mixed implements TripletSource {
    private final TripletSource synthetic;
    private final TripletSource real;
    private final double realFraction;

    Mixed(TripletSource synthetic, TripletSource real, double realFraction) {
        this.synthetic = synthetic;
        this.real = real;
        this.realFraction = realFraction;
    }

    @Override public Triplet next(Random rng) {
        return rng.nextDouble() < realFraction ? real.next(rng) : synthetic.next(rng);
    }

    @Override public String describe() {
        return String.format("%.0f%% %s + %.0f%% %s", 100 * (1 - realFraction), synthetic.describe(), 100 * realFraction, real.describe());
    }
}
