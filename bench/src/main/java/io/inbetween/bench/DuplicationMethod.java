package io.inbetween.bench;

import io.inbetween.wire.RgbFrame;

import java.util.ArrayList;
import java.util.List;

/** Frame duplication: each in-between frame is the input nearest in time (the earlier one on a tie). */
public final class DuplicationMethod implements InterpolationMethod {
    public static final String ID = "duplicate";

    @Override public String id() { return ID; }

    @Override
    public List<RgbFrame> interpolate(List<RgbFrame> inputs, int factor) {
        List<RgbFrame> out = new ArrayList<>();
        for (int i = 0; i + 1 < inputs.size(); i++)
            for (int j = 1; j < factor; j++) out.add(copy(2 * j <= factor ? inputs.get(i) : inputs.get(i + 1)));
        return out;
    }

    /** A new frame, as a pipeline would emit one, so that its cost is measured too. */
    private static RgbFrame copy(RgbFrame f) { return new RgbFrame(f.width(), f.height(), f.rgb().clone()); }

    @Override public String description() { return "repeats the nearest input frame (what a player does without interpolation)"; }

    @Override public void close() {}
}
