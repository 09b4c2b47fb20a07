package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * How a window of real frames becomes a task with ground truth: for factor f, frames 0, f, 2f, …
 * are the inputs and every frame between them is the truth for tau = j/f. Frames after the last
 * input are not used, so a window of n frames yields ((n-1)/f) gaps.
 */
public record Protocol(int factor) {
    public Protocol {
        if (factor < 2 || factor > 16) throw new IllegalArgumentException("factor must be 2..16, got " + factor);
    }

    /** Number of window frames the task uses: the last one is an input. */
    public int usedFrames(int windowFrames) {
        int gaps = (windowFrames - 1) / factor;
        if (gaps < 1) throw new IllegalArgumentException(windowFrames + " frames are too few for the " + factor + "x task");
        return gaps * factor + 1;
    }

    public List<RgbFrame> inputs(List<RgbFrame> window) {
        int used = usedFrames(window.size());
        List<RgbFrame> out = new ArrayList<>();
        for (int i = 0; i < used; i += factor) out.add(window.get(i));
        return out;
    }

    /** The frames to synthesize, in time order: factor-1 per gap. */
    public List<RgbFrame> truths(List<RgbFrame> window) {
        int used = usedFrames(window.size());
        List<RgbFrame> out = new ArrayList<>();
        for (int i = 0; i < used; i++) if (i % factor != 0) out.add(window.get(i));
        return out;
    }

    /** The taus of one gap: 1/f, 2/f, …, (f-1)/f. */
    public double[] taus() {
        double[] t = new double[factor - 1];
        for (int j = 1; j < factor; j++) t[j - 1] = (double) j / factor;
        return t;
    }

    public String label() { return factor + "x"; }
}
