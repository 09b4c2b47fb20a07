package io.inbetween.training;

import ai.djl.Device;
import io.inbetween.model.crvd.CrvdModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CrvdTrainerTest {
    @TempDir Path root;

    private static final TrainingPlan PLAN = new TrainingPlan(6, 3, 2, 64, 64, 5, 1e-3f, Duration.ofHours(1), Duration.ofHours(1), 2);

    private static CrvdTrainer trainer(Path dir) {
        ShiftingPatterns patterns = new ShiftingPatterns(64, 64);
        HeldOutEvaluation validation = new HeldOutEvaluation(new ShiftingPatterns(45, 37).take(2, 99));
        return new CrvdTrainer(PLAN, dir, patterns, validation, Device.cpu(), false);
    }

    @Test
    void anInterruptedRunResumesToTheSameWeightsAndRecords() throws Exception {
        Path straight = root.resolve("straight"), interrupted = root.resolve("interrupted");
        CrvdTrainer.Summary a = trainer(straight).run(true);
        assertThat(a.finished()).isTrue();
        assertThat(a.iteration()).isEqualTo(6);

        CrvdTrainer first = trainer(interrupted);
        first.stopAt(4); // stops inside stage 2, with optimizer moments in flight
        CrvdTrainer.Summary stopped = first.run(true);
        assertThat(stopped.finished()).isFalse();
        assertThat(Checkpoint.read(interrupted).orElseThrow().iteration()).isEqualTo(4);
        CrvdTrainer.Summary resumed = trainer(interrupted).run(true);
        assertThat(resumed.finished()).isTrue();

        byte[] wa = Checkpoint.read(straight).orElseThrow().weights(), wb = Checkpoint.read(interrupted).orElseThrow().weights();
        try (CrvdModel ma = CrvdModel.load(wa, "a", Device.cpu()); CrvdModel mb = CrvdModel.load(wb, "b", Device.cpu())) {
            var pa = ma.model().getBlock().getParameters();
            var pb = mb.model().getBlock().getParameters();
            assertThat(pb.size()).isEqualTo(pa.size());
            for (int i = 0; i < pa.size(); i++)
                assertThat(pb.get(i).getValue().getArray().toFloatArray()).as(pa.get(i).getKey())
                        .containsExactly(pa.get(i).getValue().getArray().toFloatArray(), org.assertj.core.data.Offset.offset(1e-6f));
        }
        List<String> lossA = Files.readAllLines(straight.resolve(TrainingLog.LOSS)), lossB = Files.readAllLines(interrupted.resolve(TrainingLog.LOSS));
        assertThat(lossB).hasSize(7).hasSameSizeAs(lossA);
        for (int i = 1; i < lossA.size(); i++) // same iteration, stage and loss; timings differ
            assertThat(lossB.get(i).split(",")[2]).isEqualTo(lossA.get(i).split(",")[2]);
    }

    @Test
    void aRunLeavesLossCurvesValidationAndLoadableBestWeights() throws Exception {
        Path dir = root.resolve("run");
        CrvdTrainer.Summary s = trainer(dir).run(true);
        List<String> validation = Files.readAllLines(dir.resolve(TrainingLog.VALIDATION));
        assertThat(validation).hasSize(3); // header, end of stage 1, end of training
        assertThat(validation.get(1)).startsWith("3,mu,2,");
        assertThat(validation.get(2)).startsWith("6,denoiser,2,");
        byte[] png = Files.readAllBytes(dir.resolve(TrainingLog.PLOT));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        try (CrvdModel best = CrvdModel.load(dir.resolve(CrvdTrainer.BEST), Device.cpu())) {
            assertThat(best.provenance()).contains("seed 5").contains("held-out");
        }
        assertThat(s.bestScore()).isGreaterThan(5);
        // a second run on a finished checkpoint does nothing but report
        assertThat(trainer(dir).run(true).iteration()).isEqualTo(6);
    }

    @Test
    void aNewRunCanStartFromGivenWeightsAndTrainsOnFromThem() throws Exception {
        Path first = root.resolve("first"), second = root.resolve("second");
        trainer(first).run(true);
        Path weights = first.resolve(CrvdTrainer.BEST);
        CrvdTrainer fromWeights = trainer(second);
        fromWeights.startFrom(weights);
        fromWeights.stopAt(0); // checkpoint before the first step: the weights it started from
        fromWeights.run(true);
        try (CrvdModel given = CrvdModel.load(weights, Device.cpu());
             CrvdModel started = CrvdModel.load(Checkpoint.read(second).orElseThrow().weights(), "second", Device.cpu())) {
            var pg = given.model().getBlock().getParameters();
            var ps = started.model().getBlock().getParameters();
            for (int i = 0; i < pg.size(); i++)
                assertThat(ps.get(i).getValue().getArray().toFloatArray()).as(pg.get(i).getKey())
                        .containsExactly(pg.get(i).getValue().getArray().toFloatArray());
        }
        CrvdTrainer resumed = trainer(second);
        resumed.startFrom(root.resolve("no-such.weights")); // a checkpoint is there: it wins, the file is not read
        assertThat(resumed.run(true).finished()).isTrue();
    }
}
