package io.inbetween.training;

import ai.djl.ndarray.NDArray;
import io.inbetween.model.crvd.FlowField;
import io.inbetween.model.crvd.MuEstimate;

import java.util.List;

/** Training objectives. */
final class Losses {
    private static final float CHARBONNIER_EPS2 = 1e-6f;
    /** Weight of the image-gradient term: it rewards sharp, correctly placed edges rather than blur. */
    private static final float GRADIENT_WEIGHT = 0.5f;
    /** Weight of each coarse level's own blend, which gives the coarse flows a direct signal early on. */
    private static final float LEVEL_WEIGHT = 0.2f;

    private Losses() {}

    /** Robust L1 (Charbonnier). */
    static NDArray charbonnier(NDArray prediction, NDArray target) {
        return prediction.sub(target).square().addi(CHARBONNIER_EPS2).sqrt().mean();
    }

    /** L1 distance of horizontal and vertical finite differences. */
    static NDArray gradient(NDArray prediction, NDArray target) {
        NDArray d = prediction.sub(target);
        NDArray dx = d.get(":, :, :, 1:").sub(d.get(":, :, :, :-1")).abs().mean();
        NDArray dy = d.get(":, :, 1:, :").sub(d.get(":, :, :-1, :")).abs().mean();
        return dx.add(dy);
    }

    /**
     * Stage 1: Charbonnier and gradient loss on mu at full resolution, plus Charbonnier on each
     * level's blend against the target pooled to that level's size.
     *
     * @param targetPyramid the target at each level's size, coarsest first, matching {@link FlowField#levelMus()}
     */
    static NDArray mu(MuEstimate estimate, FlowField field, NDArray target, List<NDArray> targetPyramid) {
        NDArray loss = charbonnier(estimate.mu(), target).add(gradient(estimate.mu(), target).muli(GRADIENT_WEIGHT));
        for (int l = 0; l < field.levelMus().size(); l++)
            loss = loss.add(charbonnier(field.levelMus().get(l), targetPyramid.get(l)).muli(LEVEL_WEIGHT));
        return loss;
    }

    /** Stage 2: mean squared error of the predicted clean residual (x0-prediction), which targets PSNR directly. */
    static NDArray denoiser(NDArray predicted, NDArray clean) {
        return predicted.sub(clean).square().mean();
    }
}
