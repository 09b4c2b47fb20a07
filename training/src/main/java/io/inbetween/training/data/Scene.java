package io.inbetween.training.data;

import java.util.List;

/**
 * A synthetic scene to render at times 0, tau and 1: a moving background and foreground layers
 * drawn back to front (later layers cover earlier ones), then a global brightness and contrast
 * change linear in time: value -> (value - 0.5) * (1 + contrastChange t) + 0.5 + brightnessChange t.
 *
 * @param pixelsPer480p frame pixels per pixel of a 480-line frame: the unit motions are quoted in
 */
record Scene(int width, int height, Layer background, List<Layer> foreground,
             double contrastChange, double brightnessChange, float tau, double pixelsPer480p) {

    Scene {
        if (background.mask() != null) throw new IllegalArgumentException("the background covers the frame: no mask");
        for (Layer l : foreground) if (l.mask() == null) throw new IllegalArgumentException("a foreground layer needs a mask");
        foreground = List.copyOf(foreground);
    }

    /** The largest distance a foreground layer travels from frame 0 to frame 1, in pixels of a 480-line frame. */
    double largestTravel480p() {
        double most = 0;
        for (Layer l : foreground) most = Math.max(most, l.motion().travel());
        return most / pixelsPer480p;
    }
}
