package io.inbetween.training;

import io.inbetween.training.data.Triplet;
import io.inbetween.training.data.TripletSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small deterministic triplet source for the loop's tests: random smooth patterns moving by an even number of pixels. */
final class ShiftingPatterns implements TripletSource {
    private final int width, height;

    ShiftingPatterns(int width, int height) {
        this.width = width;
        this.height = height;
    }

    @Override
    public Triplet next(Random rng) {
        double fx = 0.1 + 0.3 * rng.nextDouble(), fy = 0.1 + 0.3 * rng.nextDouble(), phase = rng.nextDouble() * 6;
        int dx = 2 * (rng.nextInt(5) - 2), dy = 2 * (rng.nextInt(3) - 1);
        return new Triplet(width, height, frame(fx, fy, phase, 0, 0), frame(fx, fy, phase, dx / 2, dy / 2), frame(fx, fy, phase, dx, dy), 0.5f);
    }

    private float[] frame(double fx, double fy, double phase, int sx, int sy) {
        float[] f = new float[3 * width * height];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    f[(c * height + y) * width + x] = (float) (0.5 + 0.4 * Math.sin(fx * (x - sx) + c + phase) * Math.cos(fy * (y - sy) - c));
        return f;
    }

    List<Triplet> take(int n, long seed) {
        Random rng = new Random(seed);
        List<Triplet> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(next(rng));
        return out;
    }

    @Override
    public String describe() { return "shifting test patterns " + width + "x" + height; }
}
