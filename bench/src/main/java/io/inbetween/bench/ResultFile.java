package io.inbetween.bench;

import io.inbetween.wire.OneLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * How a method's child JVM hands its results to the parent: one tab-separated line per fact,
 * appended as soon as it is known, so that a crash loses only what was not yet measured.
 */
public final class ResultFile {
    private static final String CLIP = "clip", THROUGHPUT = "throughput", MEMORY = "memory", ERROR = "error",
            UNAVAILABLE = "unavailable", DESCRIPTION = "description";

    private final Path file;

    public ResultFile(Path file) { this.file = file; }

    public void description(String text) { append(DESCRIPTION, OneLine.of(text, "no message")); }

    public void clip(ClipResult r) {
        append(CLIP, r.method(), r.clip(), r.resolution().label(), r.width(), r.height(), r.factor(), r.frames(),
                r.psnr(), r.ssim(), r.gmsd(), r.seconds());
    }

    public void throughput(ThroughputResult r) {
        append(THROUGHPUT, r.method(), r.clip(), r.width(), r.height(), r.inputFrames(), r.frames(), r.seconds());
    }

    public void memory(long peakBytes, long baselineBytes) { append(MEMORY, peakBytes, baselineBytes); }

    public void error(String message, boolean unavailable) { append(unavailable ? UNAVAILABLE : ERROR, OneLine.of(message, "no message")); }

    /** The outcome written so far; a child that died without a word is an error. */
    public MethodOutcome read(String method) {
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read results of " + method + " from " + file, e);
        }
        List<ClipResult> clips = new ArrayList<>();
        ThroughputResult throughput = null;
        long peak = -1, baseline = -1;
        String description = null, error = null;
        boolean unavailable = false;
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case CLIP -> clips.add(new ClipResult(f[1], f[2], Resolution.ofLabel(f[3]), i(f[4]), i(f[5]), i(f[6]), i(f[7]),
                        d(f[8]), d(f[9]), d(f[10]), d(f[11])));
                case THROUGHPUT -> throughput = new ThroughputResult(f[1], f[2], i(f[3]), i(f[4]), i(f[5]), i(f[6]), d(f[7]));
                case MEMORY -> { peak = Long.parseLong(f[1]); baseline = Long.parseLong(f[2]); }
                case DESCRIPTION -> description = f[1];
                case ERROR -> error = f[1];
                case UNAVAILABLE -> { error = f[1]; unavailable = true; }
                default -> throw new IllegalStateException("unexpected line in " + file + ": " + line);
            }
        }
        return new MethodOutcome(method, description, List.copyOf(clips), throughput, peak, baseline, error, unavailable);
    }

    private void append(Object... fields) {
        StringBuilder line = new StringBuilder();
        for (Object f : fields) {
            if (line.length() > 0) line.append('\t');
            line.append(f); // doubles as Double.toString: exact and locale-free
        }
        line.append('\n');
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + file, e);
        }
    }


    private static int i(String s) { return Integer.parseInt(s); }

    private static double d(String s) { return Double.parseDouble(s); }
}
