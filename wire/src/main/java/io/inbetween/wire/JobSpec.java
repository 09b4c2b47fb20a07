package io.inbetween.wire;

import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a user asked for. It travels with every event of the job, so any stage can pick up the
 * job from the jobs topic alone.
 *
 * @param input          a file path or a live source URL (rtsp://, rtmp://, http://, udp://, ...)
 * @param output         the path of the output file, as seen by the encoder
 * @param steps          diffusion steps K (0 = deterministic fast path)
 * @param seed           sampling seed
 * @param sceneThreshold scene-cut score above which a pair is not morphed (0..1)
 */
public record JobSpec(String jobId, String input, String output, OutputRate rate, Encoding encoding,
                      int steps, long seed, double sceneThreshold) {
    public static final double DEFAULT_SCENE_THRESHOLD = 0.4;
    /**
     * Diffusion steps when the user does not say: chosen by measurement (docs/model.md, "Default
     * K"): K = 4 is within 0.01 dB of K = 0 on every benchmark task at 2.4 times the cost.
     */
    public static final int DEFAULT_STEPS = 0;
    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    public JobSpec {
        if (jobId == null || !jobId.matches("[A-Za-z0-9._-]{1,64}"))
            throw new IllegalArgumentException("job id must be 1-64 of [A-Za-z0-9._-], got '" + jobId + "'");
        if (input == null || input.isBlank()) throw new IllegalArgumentException("job without an input");
        if (output == null || output.isBlank()) throw new IllegalArgumentException("job without an output path");
        if (steps < 0 || steps > 1000) throw new IllegalArgumentException("steps must be 0..1000, got " + steps);
        if (!(sceneThreshold > 0 && sceneThreshold <= 1))
            throw new IllegalArgumentException("scene threshold must be in (0,1], got " + sceneThreshold);
    }

    /** Whether an input names a URL (scheme://...) rather than a file path. */
    public static boolean isUrl(String input) { return input != null && URL.matcher(input).matches(); }

    /** A new job id: the input's name (made safe) and a random suffix; the CLI and the HTTP API name jobs alike. */
    public static String newJobId(Path input) {
        String base = input.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.length() > 48) base = base.substring(0, 48);
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
