package io.inbetween.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The peak resident set size of this process (Linux VmHWM): Java heap, native libraries and all. */
public final class PeakMemory {
    private PeakMemory() {}

    /** Bytes, or -1 where /proc is not available. */
    public static long ofThisProcess() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
