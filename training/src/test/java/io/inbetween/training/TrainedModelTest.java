package io.inbetween.training;

import ai.djl.Device;
import io.inbetween.model.crvd.CrvdModel;
import io.inbetween.training.data.TrainingData;
import io.inbetween.wire.JobSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped weights against the linear blend on held-out real triplets (clips and frames never
 * trained on). This test fails when training regresses, or when weights are shipped before they
 * beat the blend.
 */
class TrainedModelTest {
    private static final int TRIPLETS = 12;

    private static Path media() {
        Path media = Path.of(System.getProperty("inbetween.media", "data/media"));
        assertThat(Files.isDirectory(media.resolve("videos")))
                .as("no media in " + media.toAbsolutePath() + ": run scripts/fetch-media.sh all").isTrue();
        return media;
    }

    @Test
    void shippedModelBeatsTheBlendOnHeldOutRealTriplets() throws Exception {
        HeldOutEvaluation evaluation = new HeldOutEvaluation(TrainingData.validation(media(), TRIPLETS));
        try (CrvdModel model = CrvdModel.loadDefault(Device.cpu())) {
            // K = 0 is the product's default (JobSpec.DEFAULT_STEPS); the sampled K is the one stage 2 is scored with
            HeldOutScore score = evaluation.evaluate(model, TrainingPlan.VALIDATION_STEPS);
            System.out.println("shipped CRVD (" + model.provenance() + "): " + score);
            assertThat(JobSpec.DEFAULT_STEPS).isZero();
            assertThat(score.mu()).as("K=0 mean PSNR vs the blend's " + score.blend()).isGreaterThan(score.blend());
            assertThat(score.sampled()).as("K=" + TrainingPlan.VALIDATION_STEPS + " mean PSNR vs the blend's " + score.blend()).isGreaterThan(score.blend());
        }
    }
}
