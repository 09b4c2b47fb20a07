package io.inbetween.model.synthesis;

/** Builds the synthesizer named by {@link SynthesizerOptions#kind()}. */
public final class SynthesizerFactory {
    public static final String CRVD = "crvd";
    public static final String BLEND = "blend";
    public static final String TORCHSCRIPT_PREFIX = "torchscript:";
    public static final String VALID_KINDS = "crvd, blend, torchscript:PATH";

    private SynthesizerFactory() {}

    /** @throws SynthesisException for an unknown kind or a backend that cannot start, with a one-line reason */
    public static FrameSynthesizer create(SynthesizerOptions options) {
        String kind = options.kind();
        if (kind.equals(BLEND)) return new BlendSynthesizer();
        if (kind.equals(CRVD)) return learned(CRVD, options);
        if (kind.startsWith(TORCHSCRIPT_PREFIX)) {
            if (options.torchScriptPath() == null)
                throw new SynthesisException("synthesizer 'torchscript:PATH' needs the path of a TorchScript file, e.g. torchscript:/models/model.pt");
            return learned("torchscript", options);
        }
        throw new SynthesisException("unknown synthesizer '" + kind + "'; valid: " + VALID_KINDS);
    }

    // ---- The learned backends (CrvdSynthesizer, TorchScriptSynthesizer) plug in here, and only here.
    private static FrameSynthesizer learned(String name, SynthesizerOptions options) {
        if (name.equals(CRVD)) return CrvdSynthesizer.open(options.modelPath(), options.device(), options.batchSize());
        return TorchScriptSynthesizer.open(options.torchScriptPath(), options.device(), options.batchSize());
    }
}
