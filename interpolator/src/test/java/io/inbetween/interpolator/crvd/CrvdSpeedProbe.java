package io.inbetween.interpolator.crvd;

import ai.djl.Device;
import io.inbetween.interpolator.synthesis.CrvdSynthesizer;
import io.inbetween.interpolator.synthesis.SynthesisRequest;
import io.inbetween.wire.RgbFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Prints seconds per synthesized frame at a given size for K = 0, 1, 2, 4 and batch 1 and 2,
 * measured side by side in one JVM (the machine is shared, so absolute numbers drift).
 * Usage: CrvdSpeedProbe [width height [weights-file]]; not a test, nothing is asserted.
 */
public final class CrvdSpeedProbe {
    public static void main(String[] args) throws Exception {
        int w = args.length > 1 ? Integer.parseInt(args[0]) : 854;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 480;
        CrvdModel model = args.length > 2 ? CrvdModel.load(java.nio.file.Path.of(args[2]), Device.cpu()) : CrvdModel.create(CrvdConfig.DEFAULT, Device.cpu());
        System.out.printf("params %d (mu %d); GFLOP/frame at %dx%d: K0 %.2f K1 %.2f K2 %.2f K4 %.2f%n", model.parameterCount(), model.muParameterCount(), w, h,
                model.flopsPerFrame(w, h, 0) / 1e9, model.flopsPerFrame(w, h, 1) / 1e9, model.flopsPerFrame(w, h, 2) / 1e9, model.flopsPerFrame(w, h, 4) / 1e9);
        Random r = new Random(1);
        byte[] a = new byte[w * h * 3], b = new byte[w * h * 3];
        r.nextBytes(a);
        r.nextBytes(b);
        RgbFrame f0 = new RgbFrame(w, h, a), f1 = new RgbFrame(w, h, b);
        try (CrvdSynthesizer synth = new CrvdSynthesizer(model, 2, 0.5f)) {
            for (int round = 0; round < 3; round++) {
                for (int k : new int[] {0, 1, 2, 4}) {
                    for (int batch : new int[] {1, 2}) {
                        List<SynthesisRequest> reqs = new ArrayList<>();
                        reqs.add(SynthesisRequest.of(f0, f1, batch == 1 ? new double[] {0.5} : new double[] {0.4, 0.8}, k, 7));
                        int frames = batch;
                        long t0 = System.nanoTime();
                        int reps = 3;
                        for (int i = 0; i < reps; i++) synth.synthesize(reqs);
                        double s = (System.nanoTime() - t0) / 1e9 / reps / frames;
                        System.out.printf("round %d K=%d batch=%d: %.3f s/frame%n", round, k, batch, s);
                    }
                }
            }
        }
    }
}
