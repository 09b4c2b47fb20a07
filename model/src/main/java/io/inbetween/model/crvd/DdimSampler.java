package io.inbetween.model.crvd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Deterministic DDIM (eta = 0) over K evenly spaced times from t = 1 to 0, with an
 * x0-predicting denoiser. The only randomness is the starting noise, so a seed fixes the result.
 */
public final class DdimSampler {
    private DdimSampler() {}

    /**
     * @param noise the starting folded y_1 (N,12,H/2,W/2): standard normal noise times a temperature
     * @return the sampled clean folded residual y0
     */
    public static NDArray sample(ResidualDenoiser denoiser, ParameterStore store, NDList encoded, NDArray tau,
                                 NDArray noise, int steps) {
        if (steps < 1) throw new IllegalArgumentException("DDIM needs at least one step, got " + steps);
        long n = noise.getShape().get(0);
        NDArray y = noise;
        for (int k = steps; k >= 1; k--) {
            double t = (double) k / steps, s = (double) (k - 1) / steps;
            NDArray time = noise.getManager().full(new Shape(n), (float) t);
            NDArray y0 = denoiser.predict(store, encoded, y, time, tau, false);
            if (k == 1) return y0;
            // eps = (y - alpha_t y0) / sigma_t, then y_s = alpha_s y0 + sigma_s eps.
            double ratio = CosineSchedule.sigma(s) / CosineSchedule.sigma(t);
            double y0Weight = CosineSchedule.alpha(s) - ratio * CosineSchedule.alpha(t);
            y = y0.mul((float) y0Weight).addi(y.mul((float) ratio));
        }
        throw new AssertionError("unreachable");
    }
}
