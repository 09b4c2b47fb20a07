package io.inbetween.model.crvd;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.inbetween.wire.RgbFrame;

import java.util.Random;

/** Frames and models for the CRVD tests. */
final class TestFrames {
    private TestFrames() {}

    /** Smooth colourful content with some noise, shifted right by {@code shift} pixels (fractional: sampled continuously). */
    static RgbFrame pattern(int w, int h, double shift, long noiseSeed) {
        byte[] rgb = new byte[w * h * 3];
        Random r = new Random(noiseSeed);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double u = x - shift;
                for (int c = 0; c < 3; c++) {
                    double v = 128 + 60 * Math.sin(0.23 * u + 0.11 * y + 2 * c) + 50 * Math.cos(0.07 * u * (c + 1) - 0.05 * y) + r.nextInt(5) - 2;
                    rgb[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
                }
            }
        return new RgbFrame(w, h, rgb);
    }

    static RgbFrame constant(int w, int h, int r, int g, int b) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[3 * i] = (byte) r;
            rgb[3 * i + 1] = (byte) g;
            rgb[3 * i + 2] = (byte) b;
        }
        return new RgbFrame(w, h, rgb);
    }

    /**
     * A fresh model whose denoiser output layer is no longer zero, so that sampling depends on the
     * noise as a trained model's does (a fresh denoiser returns mu unchanged by design).
     */
    static CrvdModel noisyModel(long seed) {
        ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        CrvdModel model = CrvdModel.create(CrvdConfig.DEFAULT, ai.djl.Device.cpu());
        for (Pair<String, Parameter> p : model.denoiser().getParameters()) {
            if (!p.getKey().matches("\\d+out_.*")) continue;
            NDArray w = p.getValue().getArray();
            try (NDArray delta = w.getManager().randomNormal(0, 0.05f, w.getShape(), w.getDataType())) {
                w.addi(delta);
            }
        }
        return model;
    }

    static double psnr(RgbFrame a, RgbFrame b) {
        double sum = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            int d = (a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff);
            sum += d * d;
        }
        double mse = sum / a.rgb().length;
        return mse == 0 ? 100 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    static int maxDifference(RgbFrame a, RgbFrame b) {
        int max = 0;
        for (int i = 0; i < a.rgb().length; i++) max = Math.max(max, Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff)));
        return max;
    }
}
