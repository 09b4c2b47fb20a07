package io.inbetween.training.data;

import io.inbetween.testing.TestMedia;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SceneRendererTest {
    private static final int W = 64, H = 48;
    private static final Texture BLUE = Texture.solid("blue", 200, 200, 0x0000FF);
    private static final Texture RED = Texture.solid("red", 100, 100, 0xFF0000);
    private static final Texture GREEN = Texture.solid("green", 100, 100, 0x00FF00);
    private static final Layer STILL_BLUE = new Layer(BLUE, 100, 100, null, Motion.still(W / 2.0, H / 2.0), 0);

    /** A red disc of radius 6 sliding 30 pixels to the right, from (16, 24) at t=0 to (46, 24) at t=1. */
    private static Layer slidingRedDisc() {
        return new Layer(RED, 50, 50, LayerMask.disc(6, 1), new Motion(16, 24, 30, 0, 0, 0, 0, 0), 0);
    }

    private static float[] rgbAt(float[] chw, int x, int y) {
        int p = y * W + x, plane = W * H;
        return new float[] {chw[p], chw[plane + p], chw[2 * plane + p]};
    }

    @Test void aMovingLayerCoversTheBackgroundWhereItIsAtTauAndUncoversWhereItWas() {
        Scene scene = new Scene(W, H, STILL_BLUE, List.of(slidingRedDisc()), 0, 0, 0.5f, 1);
        Triplet t = SceneRenderer.triplet(scene);
        float[] red = {1, 0, 0}, blue = {0, 0, 1};
        // At tau = 0.5 the disc is centred at 16 + 0.5 * 30 = 31: pure red, nothing of the background shows through.
        assertThat(rgbAt(t.middle(), 31, 24)).containsExactly(red, within(1e-6f));
        assertThat(rgbAt(t.middle(), 35, 24)).containsExactly(red, within(1e-6f));
        // Where it was at t=0 and where it will be at t=1 the background is visible again.
        assertThat(rgbAt(t.middle(), 16, 24)).containsExactly(blue, within(1e-6f));
        assertThat(rgbAt(t.middle(), 46, 24)).containsExactly(blue, within(1e-6f));
        assertThat(rgbAt(t.frame0(), 16, 24)).containsExactly(red, within(1e-6f));
        assertThat(rgbAt(t.frame0(), 31, 24)).containsExactly(blue, within(1e-6f));
        assertThat(rgbAt(t.frame1(), 46, 24)).containsExactly(red, within(1e-6f));
        // The outline is soft: half way across the one-pixel edge, half red and half blue.
        assertThat(rgbAt(t.middle(), 37, 24)).containsExactly(new float[] {0.5f, 0, 0.5f}, within(1e-3f));
    }

    @Test void laterLayersCoverEarlierOnes() {
        Layer greenOnTop = new Layer(GREEN, 50, 50, LayerMask.disc(4, 1), new Motion(31, 24, 0, 0, 0, 0, 0, 0), 0);
        Triplet t = SceneRenderer.triplet(new Scene(W, H, STILL_BLUE, List.of(slidingRedDisc(), greenOnTop), 0, 0, 0.5f, 1));
        assertThat(rgbAt(t.middle(), 31, 24)).containsExactly(new float[] {0, 1, 0}, within(1e-6f));
        assertThat(rgbAt(t.middle(), 36, 24)).containsExactly(new float[] {1, 0, 0}, within(1e-6f)); // red ring around it
        assertThat(rgbAt(t.frame0(), 31, 24)).containsExactly(new float[] {0, 1, 0}, within(1e-6f));
    }

    @Test void aRotatingZoomingLayerPointLandsWhereTheInterpolatedTransformPutsIt() {
        // A texture whose red is its x and whose green is its y: the colour says which layer point is seen.
        int[] ramp = new int[256 * 256];
        for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) ramp[y * 256 + x] = x << 16 | y << 8;
        Texture coordinates = new Texture("ramp", 256, 256, ramp);
        double x0 = 20, y0 = 18, dx = 24, dy = 10, angle = 0.3, spin = 0.4, logScale = -0.1, zoom = 0.25;
        Layer layer = new Layer(coordinates, 128, 128, LayerMask.disc(30, 1), new Motion(x0, y0, dx, dy, angle, spin, logScale, zoom), 0);
        float tau = 0.3f;
        Triplet t = SceneRenderer.triplet(new Scene(W, H, STILL_BLUE, List.of(layer), 0, 0, tau, 1));
        // Each parameter at tau is interpolated linearly; invert the similarity transform by hand.
        double cx = x0 + dx * tau, cy = y0 + dy * tau, theta = angle + spin * tau, scale = Math.exp(logScale + zoom * tau);
        int checked = 0;
        for (int py = 0; py < H; py++)
            for (int px = 0; px < W; px++) {
                double rx = px - cx, ry = py - cy;
                double u = (Math.cos(theta) * rx + Math.sin(theta) * ry) / scale, v = (-Math.sin(theta) * rx + Math.cos(theta) * ry) / scale;
                if (Math.hypot(u, v) > 28) continue; // well inside the outline: fully opaque
                float[] rgb = rgbAt(t.middle(), px, py);
                assertThat(rgb[0] * 255).as("layer u at (%d,%d)", px, py).isCloseTo((float) (128 + u), within(0.02f));
                assertThat(rgb[1] * 255).as("layer v at (%d,%d)", px, py).isCloseTo((float) (128 + v), within(0.02f));
                assertThat(rgb[2]).isZero(); // no blue background behind it
                checked++;
            }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test void aBackgroundThatPansAndZoomsLooksTheSameThroughTheSeparableAndTheGeneralSampler() {
        Texture photo = TextureLibrary.load(TestMedia.dir().resolve("textures")).get(3);
        Motion pan = new Motion(W / 2.0, H / 2.0, 17.3, -9.6, 0, 0, -0.2, 0.15);
        Motion panWithoutQuiteTurning = new Motion(W / 2.0, H / 2.0, 17.3, -9.6, 1e-12, 0, -0.2, 0.15); // forces the general path
        Layer separable = new Layer(photo, 300.4, 200.7, null, pan, 0), general = new Layer(photo, 300.4, 200.7, null, panWithoutQuiteTurning, 0);
        for (double t : new double[] {0, 0.37, 1}) {
            float[] a = SceneRenderer.render(new Scene(W, H, separable, List.of(), 0, 0, 0.5f, 1), t);
            float[] b = SceneRenderer.render(new Scene(W, H, general, List.of(), 0, 0, 0.5f, 1), t);
            for (int i = 0; i < a.length; i++) assertThat(a[i]).as("value %d at t=%s", i, t).isCloseTo(b[i], within(1.5f / 255));
        }
    }

    @Test void aTurningBackgroundShowsThePhotoUnderTheInterpolatedTransform() {
        int[] ramp = new int[256 * 256];
        for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) ramp[y * 256 + x] = x << 16 | y << 8;
        Motion turning = new Motion(W / 2.0, H / 2.0, 6, 4, 0.1, 0.2, 0.05, -0.1);
        Layer background = new Layer(new Texture("ramp", 256, 256, ramp), 128, 128, null, turning, 0);
        float tau = 0.6f;
        float[] middle = SceneRenderer.render(new Scene(W, H, background, List.of(), 0, 0, tau, 1), tau);
        double cx = W / 2.0 + 6 * tau, cy = H / 2.0 + 4 * tau, theta = 0.1 + 0.2 * tau, scale = Math.exp(0.05 - 0.1 * tau);
        for (int py = 0; py < H; py += 3)
            for (int px = 0; px < W; px += 3) {
                double rx = px - cx, ry = py - cy;
                double u = (Math.cos(theta) * rx + Math.sin(theta) * ry) / scale, v = (-Math.sin(theta) * rx + Math.cos(theta) * ry) / scale;
                assertThat(middle[py * W + px] * 255).isCloseTo((float) (128 + u), within(0.02f));
                assertThat(middle[W * H + py * W + px] * 255).isCloseTo((float) (128 + v), within(0.02f));
            }
    }

    @Test void lightChangesAreLinearInTime() {
        Texture grey = Texture.solid("grey", 100, 100, 0x808080);
        Layer background = new Layer(grey, 50, 50, null, Motion.still(W / 2.0, H / 2.0), 0.2);
        float tau = 0.25f;
        Triplet t = SceneRenderer.triplet(new Scene(W, H, background, List.of(), 0.1, -0.08, tau, 1));
        float base = 128 / 255f;
        for (float[] frame : new float[][] {t.frame0(), t.middle(), t.frame1()}) {
            double time = frame == t.frame0() ? 0 : frame == t.middle() ? tau : 1;
            double expected = (base * (1 + 0.2 * time) - 0.5) * (1 + 0.1 * time) + 0.5 - 0.08 * time;
            assertThat(frame[5]).isCloseTo((float) expected, within(1e-4f));
        }
    }
}
