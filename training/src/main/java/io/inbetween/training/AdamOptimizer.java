package io.inbetween.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam with global-norm gradient clipping, whose moments can be written into a checkpoint and
 * read back, so that a resumed run continues exactly where it stopped (DJL's own optimizers keep
 * their state private). Call {@link #step} after the gradient collector is closed. Zeroing the
 * gradients uses the PyTorch engine directly: this trainer runs on PyTorch only.
 */
final class AdamOptimizer implements AutoCloseable {
    private static final float BETA1 = 0.9f, BETA2 = 0.999f, EPSILON = 1e-8f;

    private static final Logger log = LoggerFactory.getLogger(AdamOptimizer.class);

    private final List<Parameter> parameters = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final NDManager manager;
    private final List<NDArray> first = new ArrayList<>(), second = new ArrayList<>();
    private final float clipNorm;
    private long steps;

    AdamOptimizer(ParameterList trainable, NDManager parent, float clipNorm) {
        this.manager = parent.newSubManager();
        this.clipNorm = clipNorm;
        for (Pair<String, Parameter> p : trainable) {
            NDArray w = p.getValue().getArray();
            w.setRequiresGradient(true);
            parameters.add(p.getValue());
            names.add(p.getKey());
            first.add(manager.zeros(w.getShape()));
            second.add(manager.zeros(w.getShape()));
        }
    }

    /**
     * Applies one update from the accumulated gradients and zeroes them.
     *
     * @return the gradient norm before clipping; NaN or infinite means the step was skipped
     */
    double step(float learningRate) {
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray> grads = new ArrayList<>(parameters.size());
            double squares = 0;
            for (Parameter p : parameters) {
                NDArray g = p.getArray().getGradient();
                g.attach(scope);
                grads.add(g);
                squares += g.square().sum().getFloat();
            }
            double norm = Math.sqrt(squares);
            if (!Double.isFinite(norm)) log.warn("non-finite gradient in {}", offenders(grads));
            if (Double.isFinite(norm)) {
                steps++;
                float scale = norm > clipNorm ? (float) (clipNorm / norm) : 1f;
                float stepSize = (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, steps)) / (1 - Math.pow(BETA1, steps)));
                for (int i = 0; i < parameters.size(); i++) {
                    NDArray g = grads.get(i).muli(scale);
                    NDArray m = first.get(i).muli(BETA1).addi(g.mul(1 - BETA1));
                    NDArray v = second.get(i).muli(BETA2).addi(g.square().muli(1 - BETA2));
                    // Temporaries of the moments would land in the optimizer's manager: move them to the scope.
                    NDArray denominator = v.sqrt();
                    denominator.attach(scope);
                    NDArray update = m.div(denominator.addi(EPSILON));
                    update.attach(scope);
                    parameters.get(i).getArray().subi(update.muli(stepSize));
                }
            }
            // In place, NaN included; NDArray.set would swap the gradient's storage for a Java buffer that the GC later frees.
            for (Parameter p : parameters) JniUtils.zeroGrad((PtNDArray) p.getArray());
            return norm;
        }
    }

    /** Names and largest magnitudes of the parameters whose gradient is not finite, for the log. */
    private String offenders(List<NDArray> grads) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < grads.size(); i++) {
            float[] g = grads.get(i).toFloatArray();
            int nonFinite = 0;
            float max = 0;
            for (float v : g) {
                if (!Float.isFinite(v)) nonFinite++;
                else max = Math.max(max, Math.abs(v));
            }
            if (nonFinite > 0) bad.add(names.get(i) + " (" + nonFinite + " of " + g.length + " values, largest finite " + max + ")");
        }
        return bad.isEmpty() ? "no single tensor (the float sum overflowed)" : String.join(", ", bad);
    }

    long steps() { return steps; }

    void write(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeInt(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            writeArray(out, first.get(i));
            writeArray(out, second.get(i));
        }
    }

    void read(DataInputStream in) throws IOException {
        read(in, false);
    }

    /**
     * @param grown the network has grown since the state was written: its new parameters come
     *              after the old ones and start with zero moments
     */
    void read(DataInputStream in, boolean grown) throws IOException {
        long savedSteps = in.readLong();
        int count = in.readInt();
        if (grown ? count > parameters.size() : count != parameters.size())
            throw new IOException("optimizer state has " + count + " tensors, the network has " + parameters.size());
        for (int i = 0; i < count; i++) {
            readArray(in, first.get(i));
            readArray(in, second.get(i));
        }
        steps = savedSteps;
    }

    private static void writeArray(DataOutputStream out, NDArray a) throws IOException {
        float[] v = a.toFloatArray();
        out.writeInt(v.length);
        for (float f : v) out.writeFloat(f);
    }

    private static void readArray(DataInputStream in, NDArray into) throws IOException {
        int n = in.readInt();
        if (n != into.size()) throw new IOException("optimizer tensor of " + n + " values, expected " + into.size() + " " + into.getShape());
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = in.readFloat();
        into.set(v);
    }

    @Override
    public void close() {
        for (Parameter p : parameters) p.getArray().setRequiresGradient(false);
        manager.close();
    }
}
