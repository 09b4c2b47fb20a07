package io.inbetween.wire;

/**
 * How the output is encoded. Lossy output is H.264 (libx264, yuv420p) at a CRF; lossless output
 * is FFV1 in .mkv files and libx264rgb at qp 0 otherwise, both in RGB, so that the original
 * frames come out bit-exact.
 */
public record Encoding(int crf, String preset, boolean lossless) {
    public static final Encoding DEFAULT = new Encoding(18, "medium", false);

    public Encoding {
        if (crf < 0 || crf > 51) throw new IllegalArgumentException("crf must be 0..51, got " + crf);
        if (preset == null || !preset.matches("ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow|placebo"))
            throw new IllegalArgumentException("unknown x264 preset '" + preset + "'");
    }
}
