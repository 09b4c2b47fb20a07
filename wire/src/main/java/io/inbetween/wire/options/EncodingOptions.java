package io.inbetween.wire.options;

import io.inbetween.wire.Encoding;
import picocli.CommandLine.Option;

/** How outputs are encoded: {@code --crf}, {@code --preset}, {@code --lossless}; for serve, the defaults of jobs that do not choose. */
public final class EncodingOptions {
    @Option(names = "--crf", paramLabel = "N", description = "x264 quality, 0 (best) .. 51 (worst). Default: ${DEFAULT-VALUE}.")
    int crf = Encoding.DEFAULT.crf();

    @Option(names = "--preset", paramLabel = "PRESET", description = "x264 speed preset (ultrafast .. veryslow). Default: ${DEFAULT-VALUE}.")
    String preset = Encoding.DEFAULT.preset();

    @Option(names = "--lossless", description = "Lossless output for mastering and measurement: FFV1 in .mkv, x264 RGB at qp 0 otherwise.")
    boolean lossless;

    /** Checked: a bad crf or preset is a one-line error. */
    public Encoding encoding() { return new Encoding(crf, preset, lossless); }
}
