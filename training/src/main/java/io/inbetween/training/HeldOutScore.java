package io.inbetween.training;

/**
 * Mean PSNR (dB, 8-bit frames) over held-out triplets.
 *
 * @param blend   the linear blend (1 - tau) I0 + tau I1
 * @param mu      CRVD at K = 0
 * @param sampled CRVD at K = {@code steps} (NaN when not measured)
 */
public record HeldOutScore(int triplets, double blend, double mu, int steps, double sampled) {
    /** The score a run keeps its best weights by: the product's default path when measured, else mu. */
    double primary() { return Double.isNaN(sampled) ? mu : sampled; }

    @Override public String toString() {
        return String.format("%d held-out triplets: blend %.2f dB, K=0 %.2f dB%s", triplets, blend, mu,
                Double.isNaN(sampled) ? "" : String.format(", K=%d %.2f dB", steps, sampled));
    }
}
