package io.inbetween.serve;

import io.inbetween.wire.Encoding;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.Rational;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of a job as a client sends them (multipart form fields or JSON members), checked
 * with the same rules as the command line: the wire records validate their own ranges.
 */
record JobOptions(OutputRate rate, Encoding encoding, int steps, long seed, double sceneThreshold) {
    static final Set<String> FIELDS = Set.of("factor", "fps", "steps", "seed", "sceneThreshold", "crf", "preset", "lossless", "source");

    /** Lossless output is FFV1 in .mkv; everything else H.264 in .mp4. */
    String outputExtension() { return encoding.lossless() ? "mkv" : "mp4"; }

    /** @throws ApiException 400 with the first problem found */
    static JobOptions parse(Map<String, String> fields, String defaultPreset) {
        for (String name : fields.keySet())
            if (!FIELDS.contains(name) && !name.equals("file"))
                throw new ApiException(400, "unknown option '" + name + "'; valid: " + String.join(", ", FIELDS.stream().sorted().toList()));
        try {
            String factor = blankToNull(fields.get("factor")), fps = blankToNull(fields.get("fps"));
            if (factor != null && fps != null) throw new IllegalArgumentException("give either factor or fps, not both");
            OutputRate rate = fps != null ? OutputRate.fps(Rational.parse(fps)) : OutputRate.factor(integer(fields, "factor", 2));
            Encoding encoding = new Encoding(integer(fields, "crf", Encoding.DEFAULT.crf()),
                    fields.getOrDefault("preset", defaultPreset).strip(), bool(fields, "lossless"));
            int steps = integer(fields, "steps", JobSpec.DEFAULT_STEPS);
            if (steps < 0 || steps > 1000) throw new IllegalArgumentException("steps must be 0..1000, got " + steps);
            double threshold = number(fields, "sceneThreshold", JobSpec.DEFAULT_SCENE_THRESHOLD);
            if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("sceneThreshold must be in (0,1], got " + threshold);
            return new JobOptions(rate, encoding, steps, integerLong(fields, "seed", 0), threshold);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.strip(); }

    private static int integer(Map<String, String> f, String name, int fallback) {
        long v = integerLong(f, name, fallback);
        if (v != (int) v) throw new IllegalArgumentException(name + " is out of range: " + v);
        return (int) v;
    }

    private static long integerLong(Map<String, String> f, String name, long fallback) {
        String s = blankToNull(f.get(name));
        if (s == null) return fallback;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + s + "'");
        }
    }

    private static double number(Map<String, String> f, String name, double fallback) {
        String s = blankToNull(f.get(name));
        if (s == null) return fallback;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + s + "'");
        }
    }

    private static boolean bool(Map<String, String> f, String name) {
        String s = blankToNull(f.get(name));
        if (s == null) return false;
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + s + "'");
        };
    }
}
