package io.inbetween.bench;

import io.inbetween.model.synthesis.SynthesizerFactory;
import io.inbetween.model.synthesis.SynthesizerOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every contender by id. Inbetween's own synthesizers come from {@link SynthesizerFactory}, so a
 * new backend is benchmarked as soon as the factory can build it.
 * <ul>
 *   <li>{@code crvd-kN}: the CRVD model with N diffusion steps (N = 0 is the deterministic path)</li>
 *   <li>{@code torchscript}: the TorchScript model given with --torchscript</li>
 *   <li>{@code blend}, {@code duplicate}: the baselines</li>
 *   <li>{@code minterpolate}, {@code minterpolate-noscd}: ffmpeg's, with scene-change detection on and off</li>
 * </ul>
 */
public final class MethodCatalog {
    public static final String BLEND = "blend";
    public static final String TORCHSCRIPT = "torchscript";
    private static final Pattern CRVD = Pattern.compile("crvd-k(\\d{1,4})");

    private MethodCatalog() {}

    /** The full comparison, in table order. */
    public static List<String> defaultIds(BenchSettings settings) {
        List<String> ids = new ArrayList<>(List.of(crvd(0)));
        if (settings.defaultSteps() != 0) ids.add(crvd(settings.defaultSteps()));
        if (settings.torchScript() != null) ids.add(TORCHSCRIPT);
        ids.addAll(List.of(BLEND, DuplicationMethod.ID, MinterpolateMethod.ID, MinterpolateMethod.ID_NO_SCENE_DETECTION));
        return ids;
    }

    public static String crvd(int steps) { return "crvd-k" + steps; }

    /** @throws IllegalArgumentException for an id no method has */
    public static void validate(String id, BenchSettings settings) {
        boolean known = CRVD.matcher(id).matches() || id.equals(BLEND) || id.equals(DuplicationMethod.ID)
                || id.equals(MinterpolateMethod.ID) || id.equals(MinterpolateMethod.ID_NO_SCENE_DETECTION)
                || id.equals(TORCHSCRIPT);
        if (!known)
            throw new IllegalArgumentException("unknown method '" + id + "'; valid: crvd-kN (N = steps), blend, duplicate, "
                    + "minterpolate, minterpolate-noscd, torchscript");
        if (id.equals(TORCHSCRIPT) && settings.torchScript() == null)
            throw new IllegalArgumentException("method 'torchscript' needs --torchscript FILE");
    }

    /** Whether the method is one of Inbetween's synthesizers, whose pipeline throughput is measured too. */
    public static boolean isSynthesizer(String id) {
        return CRVD.matcher(id).matches() || id.equals(BLEND) || id.equals(TORCHSCRIPT);
    }

    /** The {@code --synthesizer} and {@code --steps} values that make {@code upscale} use this method. */
    public static List<String> upscaleArguments(String id, BenchSettings settings) {
        Matcher crvd = CRVD.matcher(id);
        if (crvd.matches()) {
            List<String> args = new ArrayList<>(List.of("--synthesizer", SynthesizerFactory.CRVD, "--steps", crvd.group(1)));
            if (settings.crvdWeights() != null) args.addAll(List.of("--model", settings.crvdWeights().toString()));
            return args;
        }
        if (id.equals(TORCHSCRIPT)) return List.of("--synthesizer", SynthesizerFactory.TORCHSCRIPT_PREFIX + settings.torchScript());
        if (id.equals(BLEND)) return List.of("--synthesizer", SynthesizerFactory.BLEND);
        throw new IllegalArgumentException(id + " is not an Inbetween synthesizer");
    }

    /** @throws io.inbetween.model.synthesis.SynthesisException when a synthesizer cannot start (e.g. no weights yet) */
    public static InterpolationMethod open(String id, BenchSettings settings) {
        validate(id, settings);
        if (id.equals(DuplicationMethod.ID)) return new DuplicationMethod();
        if (id.equals(MinterpolateMethod.ID)) return new MinterpolateMethod(settings.ffmpeg(), true);
        if (id.equals(MinterpolateMethod.ID_NO_SCENE_DETECTION)) return new MinterpolateMethod(settings.ffmpeg(), false);
        Matcher crvd = CRVD.matcher(id);
        String kind;
        int steps = 0;
        if (crvd.matches()) { kind = SynthesizerFactory.CRVD; steps = Integer.parseInt(crvd.group(1)); }
        else if (id.equals(TORCHSCRIPT)) kind = SynthesizerFactory.TORCHSCRIPT_PREFIX + settings.torchScript();
        else kind = SynthesizerFactory.BLEND;
        var options = new SynthesizerOptions(kind, settings.device(), settings.pairsPerCall(),
                kind.equals(SynthesizerFactory.CRVD) ? settings.crvdWeights() : null);
        return new SynthesizerMethod(id, SynthesizerFactory.create(options), steps, settings.pairsPerCall(), settings.seed());
    }
}
