package io.inbetween.training;

import io.inbetween.model.crvd.CrvdConfig;
import io.inbetween.model.crvd.CrvdModel;

import ai.djl.Device;
import io.inbetween.model.synthesis.CrvdSynthesizer;
import io.inbetween.model.synthesis.SynthesisRequest;
import io.inbetween.wire.RgbFrame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Prints seconds per synthesized frame through the whole serving path (8-bit frames in and out)
 * for K = 0, 1, 2, 4 at batch 1 and 2, measured side by side in one JVM: the machine is shared,
 * so only numbers from the same run compare. Not a test; nothing is asserted.
 *
 * Usage: CrvdSpeedProbe WIDTH HEIGHT [RAW_RGB24_FILE_WITH_TWO_FRAMES [WEIGHTS]]
 * e.g. ffmpeg -i clip.mp4 -vf scale=854:480 -frames:v 2 -f rawvideo -pix_fmt rgb24 two.rgb
 */
public final class CrvdSpeedProbe {
    public static void main(String[] args) throws Exception {
        int w = args.length > 1 ? Integer.parseInt(args[0]) : 854;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 480;
        RgbFrame f0, f1;
        if (args.length > 2) {
            byte[] raw = Files.readAllBytes(Path.of(args[2]));
            f0 = new RgbFrame(w, h, Arrays.copyOfRange(raw, 0, w * h * 3));
            f1 = new RgbFrame(w, h, Arrays.copyOfRange(raw, w * h * 3, 2 * w * h * 3));
        } else {
            Random r = new Random(1);
            byte[] a = new byte[w * h * 3], b = new byte[w * h * 3];
            r.nextBytes(a);
            r.nextBytes(b);
            f0 = new RgbFrame(w, h, a);
            f1 = new RgbFrame(w, h, b);
        }
        CrvdModel model = args.length > 3 ? CrvdModel.load(Path.of(args[3]), Device.cpu()) : CrvdModel.create(CrvdConfig.DEFAULT, Device.cpu());
        System.out.printf("params %d (mu %d); GFLOP/frame at %dx%d: K0 %.2f K1 %.2f K2 %.2f K4 %.2f%n", model.parameterCount(), model.muParameterCount(), w, h,
                model.flopsPerFrame(w, h, 0) / 1e9, model.flopsPerFrame(w, h, 1) / 1e9, model.flopsPerFrame(w, h, 2) / 1e9, model.flopsPerFrame(w, h, 4) / 1e9);
        int[] ks = {0, 1, 2, 4};
        double[][] best = new double[ks.length][2];
        for (double[] row : best) Arrays.fill(row, Double.MAX_VALUE);
        try (CrvdSynthesizer synth = new CrvdSynthesizer(model, 2, CrvdModel.DEFAULT_TEMPERATURE)) {
            for (int round = 0; round < 4; round++) {
                for (int k = 0; k < ks.length; k++) {
                    for (int batch = 1; batch <= 2; batch++) {
                        List<SynthesisRequest> reqs = List.of(SynthesisRequest.of(f0, f1, batch == 1 ? new double[] {0.5} : new double[] {0.4, 0.8}, ks[k], 7));
                        int reps = 3;
                        long t0 = System.nanoTime();
                        for (int i = 0; i < reps; i++) synth.synthesize(reqs);
                        double s = (System.nanoTime() - t0) / 1e9 / reps / batch;
                        if (round > 0) best[k][batch - 1] = Math.min(best[k][batch - 1], s);
                        System.out.printf("round %d K=%d batch=%d: %.3f s/frame%n", round, ks[k], batch, s);
                    }
                }
            }
        }
        System.out.println("best of rounds 1-3 (s/frame):");
        for (int k = 0; k < ks.length; k++)
            System.out.printf("K=%d  batch1 %.3f  batch2 %.3f  (%.2f frames/s)%n", ks[k], best[k][0], best[k][1], 1 / Math.min(best[k][0], best[k][1]));
    }
}
