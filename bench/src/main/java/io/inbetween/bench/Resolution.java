package io.inbetween.bench;

/** The frame sizes every clip is scored at. */
public enum Resolution {
    /** The clip's own size. */
    NATIVE("native"),
    /** Scaled (bicubic) to a height of 480, the width keeping the aspect ratio, rounded to even. */
    P480("480p");

    private final String label;

    Resolution(String label) { this.label = label; }

    public String label() { return label; }

    /** {width, height} for a clip of the given native size. */
    public int[] size(int width, int height) {
        if (this == NATIVE) return new int[] {width, height};
        int w = (int) Math.round(width * 480.0 / height / 2) * 2;
        return new int[] {w, 480};
    }

    public static Resolution ofLabel(String label) {
        for (Resolution r : values()) if (r.label.equals(label)) return r;
        throw new IllegalArgumentException("unknown resolution '" + label + "' (use native or 480p)");
    }
}
