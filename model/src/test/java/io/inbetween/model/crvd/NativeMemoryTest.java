package io.inbetween.model.crvd;

import ai.djl.ndarray.NDManager;
import io.inbetween.wire.RgbFrame;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Many calls must leave no tensors behind: the model's manager keeps its count, and memory stays flat. */
class NativeMemoryTest {

    @Test
    void repeatedSynthesisLeavesNoArraysAndNoGrowth() throws Exception {
        RgbFrame a = TestFrames.pattern(256, 160, 0, 1), b = TestFrames.pattern(256, 160, 3, 2);
        try (CrvdModel model = TestFrames.noisyModel(11)) {
            NDManager manager = model.model().getNDManager();
            for (int i = 0; i < 5; i++) run(model, a, b, i); // warm-up: allocator pools, JIT
            int arrays = manager.getManagedArrays().size();
            long rss = residentKb(), heap = usedHeap();
            for (int i = 0; i < 40; i++) run(model, a, b, i);
            assertThat(manager.getManagedArrays()).hasSize(arrays);
            // a leaked condition tensor alone would be 256*160*16*4 bytes = 2.6 MB per call, 100 MB over the loop
            assertThat(residentKb() - rss).as("resident memory growth, kB").isLessThan(60_000);
            assertThat(usedHeap() - heap).as("heap growth, bytes").isLessThan(40L << 20);
        }
    }

    private static void run(CrvdModel model, RgbFrame a, RgbFrame b, int i) {
        model.interpolate(List.of(a, b), List.of(b, a), new float[] {0.3f, 0.7f}, i % 3, new long[] {i, i + 1}, 0.5f);
    }

    private static long usedHeap() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long residentKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
