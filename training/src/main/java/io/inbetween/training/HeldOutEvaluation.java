package io.inbetween.training;

import io.inbetween.model.crvd.CrvdModel;
import io.inbetween.model.crvd.FrameTensors;
import io.inbetween.training.data.Triplet;
import io.inbetween.wire.RgbFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores a model on held-out real triplets through the serving path (8-bit frames in and out,
 * exactly what the interpolator does), against the linear blend.
 */
public final class HeldOutEvaluation {
    /** Sampling seed of validation frame i is SEED + i. */
    private static final long SEED = 20_240_601L;

    private final List<RgbFrame[]> frames = new ArrayList<>();
    private final float[] taus;

    public HeldOutEvaluation(List<Triplet> triplets) {
        if (triplets.isEmpty()) throw new IllegalArgumentException("no held-out triplets to validate on");
        taus = new float[triplets.size()];
        for (int i = 0; i < triplets.size(); i++) {
            Triplet t = triplets.get(i);
            frames.add(new RgbFrame[] {rgb(t, t.frame0()), rgb(t, t.middle()), rgb(t, t.frame1())});
            taus[i] = t.tau();
        }
    }

    private static RgbFrame rgb(Triplet t, float[] planar) {
        return FrameTensors.toRgb(planar, 0, t.width(), t.height(), t.width(), t.height());
    }

    public int size() { return taus.length; }

    /** Blend, K = 0 and, when {@code steps > 0}, K = steps. */
    public HeldOutScore evaluate(CrvdModel model, int steps) {
        double blend = 0, mu = 0, sampled = 0;
        for (int i = 0; i < taus.length; i++) {
            RgbFrame[] f = frames.get(i);
            blend += psnr(blendOf(f[0], f[2], taus[i]), f[1]);
            mu += psnr(run(model, i, 0), f[1]);
            if (steps > 0) sampled += psnr(run(model, i, steps), f[1]);
        }
        int n = taus.length;
        return new HeldOutScore(n, blend / n, mu / n, steps, steps > 0 ? sampled / n : Double.NaN);
    }

    /** PSNR of CRVD at K = steps for each triplet, in order. */
    public double[] perTriplet(CrvdModel model, int steps) { return perTriplet(model, steps, CrvdModel.DEFAULT_TEMPERATURE); }

    /** The same at another sampling temperature, to choose the default. */
    public double[] perTriplet(CrvdModel model, int steps, float temperature) {
        double[] out = new double[taus.length];
        for (int i = 0; i < taus.length; i++) out[i] = psnr(run(model, i, steps, temperature), frames.get(i)[1]);
        return out;
    }

    /** PSNR of the linear blend for each triplet, in order. */
    public double[] blendPerTriplet() {
        double[] out = new double[taus.length];
        for (int i = 0; i < taus.length; i++) out[i] = psnr(blendOf(frames.get(i)[0], frames.get(i)[2], taus[i]), frames.get(i)[1]);
        return out;
    }

    private RgbFrame run(CrvdModel model, int i, int steps) { return run(model, i, steps, CrvdModel.DEFAULT_TEMPERATURE); }

    private RgbFrame run(CrvdModel model, int i, int steps, float temperature) {
        RgbFrame[] f = frames.get(i);
        return model.interpolate(List.of(f[0]), List.of(f[2]), new float[] {taus[i]}, steps, new long[] {SEED + i}, temperature).get(0);
    }

    static RgbFrame blendOf(RgbFrame a, RgbFrame b, float tau) {
        byte[] out = new byte[a.rgb().length];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Math.round((1 - tau) * (a.rgb()[i] & 0xff) + tau * (b.rgb()[i] & 0xff));
        return new RgbFrame(a.width(), a.height(), out);
    }

    /** PSNR in dB of two 8-bit frames; 100 for identical frames. */
    static double psnr(RgbFrame a, RgbFrame b) {
        byte[] x = a.rgb(), y = b.rgb();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            int d = (x[i] & 0xff) - (y[i] & 0xff);
            sum += d * d;
        }
        double mse = sum / x.length;
        return mse == 0 ? 100 : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
