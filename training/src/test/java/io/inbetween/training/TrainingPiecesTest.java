package io.inbetween.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingPiecesTest {
    @TempDir Path dir;

    /** Minimizes |w - target|^2 with Adam; returns w after the given steps. */
    private static float[] descend(NDManager m, Parameter w, AdamOptimizer adam, int steps) {
        NDArray target = m.create(new float[] {1, -2, 3});
        for (int i = 0; i < steps; i++) {
            try (NDManager s = m.newSubManager(); GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray t = target.duplicate();
                t.attach(s);
                gc.backward(w.getArray().sub(t).square().sum());
            }
            adam.step(0.1f);
        }
        return w.getArray().toFloatArray();
    }

    private static Parameter parameter(NDManager m) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        p.setArray(m.zeros(new Shape(3)));
        return p;
    }

    @Test
    void adamConvergesAndItsSavedStateContinuesExactly() throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Parameter straight = parameter(m);
            ParameterList list = new ParameterList();
            list.add("w", straight);
            float[] after20;
            try (AdamOptimizer adam = new AdamOptimizer(list, m, 100f)) {
                after20 = descend(m, straight, adam, 20);
            }
            Parameter resumed = parameter(m);
            ParameterList list2 = new ParameterList();
            list2.add("w", resumed);
            ByteArrayOutputStream state = new ByteArrayOutputStream();
            try (AdamOptimizer adam = new AdamOptimizer(list2, m, 100f)) {
                descend(m, resumed, adam, 8);
                adam.write(new DataOutputStream(state));
            }
            try (AdamOptimizer adam = new AdamOptimizer(list2, m, 100f)) {
                adam.read(new DataInputStream(new ByteArrayInputStream(state.toByteArray())));
                assertThat(adam.steps()).isEqualTo(8);
                assertThat(descend(m, resumed, adam, 12)).containsExactly(after20);
            }
            try (AdamOptimizer adam = new AdamOptimizer(list, m, 100f)) {
                assertThat(descend(m, straight, adam, 300)).containsExactly(new float[] {1, -2, 3}, org.assertj.core.data.Offset.offset(0.05f));
            }
        }
    }

    @Test
    void aGrownNetworkKeepsTheOldMomentsAndOnlyAGrownOneMayHaveMoreParameters() throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            ParameterList small = new ParameterList();
            small.add("w", parameter(m));
            ByteArrayOutputStream state = new ByteArrayOutputStream();
            try (AdamOptimizer adam = new AdamOptimizer(small, m, 100f)) {
                descend(m, small.get("w"), adam, 5);
                adam.write(new DataOutputStream(state));
            }
            ParameterList grown = new ParameterList();
            grown.add("w", small.get("w"));
            Parameter extra = Parameter.builder().setName("extra").setType(Parameter.Type.WEIGHT).build();
            extra.setArray(m.zeros(new Shape(2)));
            grown.add("extra", extra);
            try (AdamOptimizer adam = new AdamOptimizer(grown, m, 100f)) {
                assertThatThrownBy(() -> adam.read(new DataInputStream(new ByteArrayInputStream(state.toByteArray()))))
                        .hasMessageContaining("optimizer state has 1 tensors, the network has 2");
            }
            try (AdamOptimizer adam = new AdamOptimizer(grown, m, 100f)) {
                adam.read(new DataInputStream(new ByteArrayInputStream(state.toByteArray())), true);
                assertThat(adam.steps()).isEqualTo(5);
            }
        }
    }

    @Test
    void checkpointRoundTripsAndReportsDamage() throws Exception {
        byte[] weights = new byte[1000], state = new byte[77];
        Arrays.fill(weights, (byte) 3);
        new Checkpoint(1234, 9, TrainingStage.DENOISER, weights, state, 31.5, 30.1, 60_000).write(dir);
        Checkpoint c = Checkpoint.read(dir).orElseThrow();
        assertThat(c.iteration()).isEqualTo(1234);
        assertThat(c.stage()).isEqualTo(TrainingStage.DENOISER);
        assertThat(c.weights()).isEqualTo(weights);
        assertThat(c.optimizer()).hasSize(77);
        assertThat(Checkpoint.read(dir.resolve("elsewhere"))).isEmpty();
        byte[] file = Files.readAllBytes(dir.resolve(Checkpoint.FILE));
        Files.write(dir.resolve(Checkpoint.FILE), Arrays.copyOf(file, 500));
        assertThatThrownBy(() -> Checkpoint.read(dir)).hasMessageContaining("truncated or corrupt");
    }

    @Test
    void learningRateWarmsUpHoldsAndDecaysPerStage() {
        TrainingPlan p = new TrainingPlan(10_000, 6_000, 4, 64, 64, 1, 1e-3f, Duration.ofMinutes(5), Duration.ofMinutes(20), 4);
        assertThat(p.learningRateAt(0)).isLessThan(1e-4f);
        assertThat(p.learningRateAt(1000)).isEqualTo(1e-3f);
        assertThat(p.learningRateAt(5999)).isLessThan(1e-4f);
        assertThat(p.learningRateAt(6000)).isLessThan(1e-4f); // stage 2 warms up again
        assertThat(p.learningRateAt(7000)).isEqualTo(1e-3f);
        assertThat(p.stageAt(5999)).isEqualTo(TrainingStage.MU);
        assertThat(p.stageAt(6000)).isEqualTo(TrainingStage.DENOISER);
        assertThatThrownBy(() -> new TrainingPlan(10, 20, 4, 64, 64, 1, 1e-3f, Duration.ofMinutes(5), Duration.ofMinutes(20), 4))
                .hasMessageContaining("--mu-iterations");
        assertThatThrownBy(() -> new TrainingPlan(10, 5, 4, 100, 64, 1, 1e-3f, Duration.ofMinutes(5), Duration.ofMinutes(20), 4))
                .hasMessageContaining("multiples of 32");
    }

    @Test
    void commandHelpExplainsEveryOptionAndBadInputIsOneLine() throws Exception {
        StringWriter help = new StringWriter();
        new CommandLine(new TrainCommand()).usage(new PrintWriter(help));
        String text = help.toString().replaceAll("\\s+", " ");
        for (String option : new String[] {"--iterations", "--mu-iterations", "--batch", "--crop", "--seed", "--[no-]resume", "--out", "--media", "--videos", "--export"})
            assertThat(text).contains(option);
        assertThat(text).contains("default: 72000").contains("default: 192x192").contains("default: data/train/crvd");

        CommandLine cli = new CommandLine(new TrainCommand());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("--media", dir.toString(), "--out", dir.resolve("o").toString())).isNotZero();
        assertThat(err.toString()).contains("run scripts/fetch-media.sh all");
        assertThatThrownBy(() -> TrainCommand.parseCrop("big")).hasMessage("--crop must look like 128x128, got 'big'");
        TrainCommand export = new TrainCommand();
        new CommandLine(export).parseArgs("--out", dir.resolve("empty").toString(), "--export", dir.resolve("x.weights").toString());
        assertThatThrownBy(export::call).hasMessageContaining("nothing to export");

        Files.createDirectories(dir.resolve("m/videos"));
        Files.createDirectories(dir.resolve("m/textures"));
        TrainCommand report = new TrainCommand();
        new CommandLine(report).parseArgs("--media", dir.resolve("m").toString(), "--report", "--temperatures", "0,-0.5");
        assertThatThrownBy(report::call).hasMessage("--temperatures must be 0 or more, got -0.5");
    }
}
