package io.inbetween.model.synthesis;

import io.inbetween.wire.RgbFrame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a model synthesizer works a batch of requests: every (request, tau) is one frame to make;
 * frames that can share a forward pass (the same size, for CRVD the same step count) are grouped,
 * run in chunks of at most {@code batchSize}, and put back in their requests' order.
 */
final class FrameBatches {
    /** One frame to make. */
    record Frame(RgbFrame frame0, RgbFrame frame1, float tau, long seed, int steps) {}

    /** Runs one chunk of frames of one group; returns the frames made, in the chunk's order. */
    interface Chunk<G> {
        List<RgbFrame> run(G group, List<Frame> frames);
    }

    private record Slot(int request, int tauIndex) {}

    private FrameBatches() {}

    static <G> List<List<RgbFrame>> synthesize(List<SynthesisRequest> batch, int batchSize, Function<SynthesisRequest, G> groupOf, Chunk<G> chunk) {
        List<RgbFrame[]> results = new ArrayList<>(batch.size());
        Map<G, List<Slot>> groups = new LinkedHashMap<>();
        for (int r = 0; r < batch.size(); r++) {
            SynthesisRequest request = batch.get(r);
            results.add(new RgbFrame[request.taus().length]);
            List<Slot> slots = groups.computeIfAbsent(groupOf.apply(request), g -> new ArrayList<>());
            for (int k = 0; k < request.taus().length; k++) slots.add(new Slot(r, k));
        }
        groups.forEach((group, slots) -> {
            for (int from = 0; from < slots.size(); from += batchSize) {
                List<Slot> part = slots.subList(from, Math.min(slots.size(), from + batchSize));
                List<Frame> frames = new ArrayList<>(part.size());
                for (Slot s : part) {
                    SynthesisRequest request = batch.get(s.request());
                    frames.add(new Frame(request.frame0(), request.frame1(), (float) request.taus()[s.tauIndex()],
                            request.seeds()[s.tauIndex()], request.steps()));
                }
                List<RgbFrame> made = chunk.run(group, frames);
                for (int i = 0; i < part.size(); i++) results.get(part.get(i).request())[part.get(i).tauIndex()] = made.get(i);
            }
        });
        List<List<RgbFrame>> out = new ArrayList<>(results.size());
        for (RgbFrame[] frames : results) out.add(List.of(frames));
        return out;
    }
}
