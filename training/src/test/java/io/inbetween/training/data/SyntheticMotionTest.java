package io.inbetween.training.data;

import io.inbetween.testing.TestMedia;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SyntheticMotionTest {
    private static List<Texture> textures;

    @BeforeAll static void loadTextures() {
        textures = TextureLibrary.load(TestMedia.dir().resolve("textures"));
    }

    @Test void texturesAreRealPhotosAtAbout480pScale() {
        assertThat(textures).hasSizeGreaterThanOrEqualTo(20);
        assertThat(textures).allSatisfy(t -> assertThat(Math.max(t.width, t.height)).isBetween(TextureLibrary.MIN_SIDE, TextureLibrary.MAX_SIDE));
        assertThat(textures).extracting(t -> t.name).doesNotContain("mate-Elephants_5640x3172.jpg").contains("mate-Elephants.jpg", "skimage-astronaut.png");
    }

    @Test void theSameSeedGivesTheSameTriplets() {
        SyntheticMotion motion = new SyntheticMotion(textures, 96, 80);
        Triplet a = motion.next(new Random(42)), b = motion.next(new Random(42)), c = motion.next(new Random(43));
        SameFrame.assertSameFrame(a.frame0(), b.frame0(), "frame 0");
        SameFrame.assertSameFrame(a.middle(), b.middle(), "middle");
        SameFrame.assertSameFrame(a.frame1(), b.frame1(), "frame 1");
        assertThat(a.tau()).isEqualTo(b.tau());
        assertThat(java.util.Arrays.equals(a.middle(), c.middle())).as("another seed, another scene").isFalse();
    }

    @Test void aGoodShareOfScenesMovesThirtyPixelsOrMoreAt480p() {
        SyntheticMotion motion = new SyntheticMotion(textures, 256, 256);
        Random rng = new Random(7);
        int scenes = 2000, large = 0, small = 0;
        for (int i = 0; i < scenes; i++) {
            double travel = motion.scene(rng).largestTravel480p();
            if (travel >= 30) large++;
            if (travel < 10) small++;
            assertThat(travel).isLessThanOrEqualTo(SyntheticMotion.MAX_TRAVEL);
        }
        assertThat(large / (double) scenes).as("share of scenes with a layer moving >= 30 px").isGreaterThan(0.6);
        assertThat(small / (double) scenes).as("small motions are trained too").isGreaterThan(0.02);
    }

    @Test void smallCropsScaleMotionDownWithTheCrop() {
        SyntheticMotion small = new SyntheticMotion(textures, 128, 128);
        Random rng = new Random(3);
        for (int i = 0; i < 200; i++) {
            Scene scene = small.scene(rng);
            assertThat(scene.pixelsPer480p()).isEqualTo(0.5);
            for (Layer l : scene.foreground()) assertThat(l.motion().travel()).isLessThanOrEqualTo(SyntheticMotion.MAX_TRAVEL * 0.5);
        }
    }

    @Test void tauFavoursOneHalfAndCoversTheInterval() {
        SyntheticMotion motion = new SyntheticMotion(textures, 64, 64);
        Random rng = new Random(11);
        int half = 0, below = 0, above = 0, n = 3000;
        for (int i = 0; i < n; i++) {
            float tau = motion.scene(rng).tau();
            assertThat(tau).isStrictlyBetween(0f, 1f);
            if (tau == 0.5f) half++; else if (tau < 0.5f) below++; else above++;
        }
        assertThat(half / (double) n).isCloseTo(SyntheticMotion.HALF_TAU_SHARE, within(0.05));
        assertThat(below).isCloseTo(above, within(n / 15));
    }

    @Test void everyTripletIsAFullCropOfUnitValuesAndTheEndsDiffer() {
        SyntheticMotion motion = new SyntheticMotion(textures, 128, 96);
        Random rng = new Random(5);
        for (int i = 0; i < 50; i++) {
            Triplet t = motion.next(rng);
            assertThat(t.width()).isEqualTo(128);
            assertThat(t.height()).isEqualTo(96);
            for (float[] frame : new float[][] {t.frame0(), t.middle(), t.frame1()})
                for (float v : frame) assertThat(v).isBetween(0f, 1f);
            double diff = 0;
            for (int k = 0; k < t.frame0().length; k++) diff += Math.abs(t.frame0()[k] - t.frame1()[k]);
            assertThat(diff / t.frame0().length).as("something moves in triplet %d", i).isGreaterThan(1e-3);
        }
    }

    @Test void foregroundLayersAreCutFromOtherPhotosThanTheBackground() {
        SyntheticMotion motion = new SyntheticMotion(textures, 64, 64);
        Random rng = new Random(9);
        for (int i = 0; i < 300; i++) {
            Scene scene = motion.scene(rng);
            assertThat(scene.foreground()).hasSizeBetween(1, SyntheticMotion.MAX_LAYERS)
                    .allSatisfy(l -> assertThat(l.texture()).isNotSameAs(scene.background().texture()));
        }
    }
}
