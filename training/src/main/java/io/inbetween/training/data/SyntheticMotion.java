package io.inbetween.training.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic motion with exact ground truth: a photo background with its own motion (pan, slight
 * rotation and zoom) under 1 to 4 foreground layers, regions of other photos cut out by soft
 * ellipses, polygons and blobs, each with its own motion (large translations included) and light
 * change, rendered at 0, tau and 1 ({@link SceneRenderer}).
 * <p>
 * Motions are drawn in pixels of a 480-line frame. Crops of 256 pixels or more are windows of
 * such a frame (one pixel is one pixel); smaller crops are treated as a scaled-down 256-pixel
 * window, so objects and motions shrink with them and stay in view.
 */
final class SyntheticMotion implements TripletSource {
    /** Background pan: up to this many pixels (480p) from frame 0 to 1; still in {@link #STILL_CAMERA} of scenes. */
    static final double BACKGROUND_TRAVEL = 60;
    static final double STILL_CAMERA = 0.2;
    /** Share of scenes whose background also turns (up to 0.15 rad, and 0.03 rad from frame 0 to 1). */
    static final double CAMERA_ROLL = 0.25;
    /** Foreground layers: travel in [LARGE_TRAVEL, MAX_TRAVEL) with probability LARGE_SHARE, else [0, LARGE_TRAVEL). */
    static final double LARGE_TRAVEL = 30;
    static final double MAX_TRAVEL = 100;
    static final double LARGE_SHARE = 0.6;
    /** tau is 0.5 (the 2x case) this often, otherwise uniform in [0.05, 0.95]. */
    static final double HALF_TAU_SHARE = 0.4;
    static final int MAX_LAYERS = 4;

    private final List<Texture> textures;
    private final int width;
    private final int height;
    private final double pixelsPer480p;

    SyntheticMotion(List<Texture> textures, int width, int height) {
        if (textures.size() < 2) throw new IllegalArgumentException("synthetic motion needs at least 2 textures, got " + textures.size());
        this.textures = List.copyOf(textures);
        this.width = width;
        this.height = height;
        this.pixelsPer480p = Math.min(1, Math.min(width, height) / 256.0);
    }

    static SyntheticMotion fromTextures(Path textureDir, int width, int height) {
        return new SyntheticMotion(TextureLibrary.load(textureDir), width, height);
    }

    @Override public Triplet next(Random rng) { return SceneRenderer.triplet(scene(rng)); }

    /** A random scene; all randomness from {@code rng}. */
    Scene scene(Random rng) {
        double k = pixelsPer480p, side = Math.min(width, height);
        int backgroundIndex = rng.nextInt(textures.size());
        Texture backdrop = textures.get(backgroundIndex);
        double pan = rng.nextDouble() < STILL_CAMERA ? 0 : BACKGROUND_TRAVEL * k * rng.nextDouble();
        double panAngle = rng.nextDouble() * 2 * Math.PI;
        boolean roll = rng.nextDouble() < CAMERA_ROLL; // cameras pan and zoom far more often than they turn
        Motion backgroundMotion = new Motion(width / 2.0, height / 2.0, pan * Math.cos(panAngle), pan * Math.sin(panAngle),
                roll ? 0.3 * (rng.nextDouble() - 0.5) : 0, roll ? 0.06 * (rng.nextDouble() - 0.5) : 0,
                Math.log(k) + 0.5 * (rng.nextDouble() - 0.4), 0.12 * (rng.nextDouble() - 0.5));
        double[] seen = backgroundMotion.seenBounds(width, height);
        Layer background = new Layer(backdrop, place(seen[0], seen[1], backdrop.width, rng), place(seen[2], seen[3], backdrop.height, rng), null, backgroundMotion,
                rng.nextDouble() < 0.2 ? 0.3 * (rng.nextDouble() - 0.5) : 0);

        int layers = 1 + rng.nextInt(MAX_LAYERS);
        List<Layer> foreground = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            int pick = rng.nextInt(textures.size() - 1);
            Texture texture = textures.get(pick >= backgroundIndex ? pick + 1 : pick); // not the backdrop's photo
            double logScale = Math.log(k) + 0.8 * (rng.nextDouble() - 0.5);
            double onScreen = side * (0.08 + 0.27 * rng.nextDouble()); // radius in frame pixels
            double size = onScreen / Math.exp(logScale);                // the same in layer (texture) pixels
            LayerMask mask = LayerMask.random(rng, size);
            double travel = k * (rng.nextDouble() < LARGE_SHARE
                    ? LARGE_TRAVEL + (MAX_TRAVEL - LARGE_TRAVEL) * rng.nextDouble()
                    : LARGE_TRAVEL * rng.nextDouble());
            double direction = rng.nextDouble() * 2 * Math.PI;
            // Start so that the middle of the path is in the frame: the layer is seen in all three frames.
            double midX = width * (0.1 + 0.8 * rng.nextDouble()), midY = height * (0.1 + 0.8 * rng.nextDouble());
            double dx = travel * Math.cos(direction), dy = travel * Math.sin(direction);
            Motion motion = new Motion(midX - dx / 2, midY - dy / 2, dx, dy, rng.nextDouble() * 2 * Math.PI,
                    0.5 * (rng.nextDouble() - 0.5), logScale, 0.3 * (rng.nextDouble() - 0.5));
            foreground.add(new Layer(texture, place(-mask.reach(), mask.reach(), texture.width, rng),
                    place(-mask.reach(), mask.reach(), texture.height, rng), mask, motion,
                    rng.nextDouble() < 0.2 ? 0.4 * (rng.nextDouble() - 0.5) : 0));
        }
        boolean lightChange = rng.nextDouble() < 0.3;
        double contrast = lightChange ? 0.3 * (rng.nextDouble() - 0.5) : 0;
        double brightness = lightChange ? 0.16 * (rng.nextDouble() - 0.5) : 0;
        float tau = rng.nextDouble() < HALF_TAU_SHARE ? 0.5f : (float) (0.05 + 0.9 * rng.nextDouble());
        return new Scene(width, height, background, foreground, contrast, brightness, tau, k);
    }

    /**
     * Where layer coordinate 0 goes in a texture of {@code size} pixels so that the layer's seen
     * coordinates [low, high] fall inside the picture (random among such places); centred when the
     * picture is too small, and the texture mirrors beyond its edges.
     */
    private static double place(double low, double high, int size, Random rng) {
        double min = -low, max = size - 1 - high;
        return min <= max ? min + (max - min) * rng.nextDouble() : (min + max) / 2;
    }

    @Override public String describe() {
        return "synthetic: 1-" + MAX_LAYERS + " moving layers over a moving background, " + textures.size() + " photo textures, "
                + width + "x" + height;
    }
}
