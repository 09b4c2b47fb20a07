package io.inbetween.training.data;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LayerMaskTest {

    @Test void fastAtan2AgreesWithMathAtan2() {
        Random rng = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            float y = (float) rng.nextGaussian(), x = (float) rng.nextGaussian();
            assertThat((double) LayerMask.fastAtan2(y, x)).isCloseTo(Math.atan2(y, x), within(2.5e-4));
        }
    }

    @Test void ellipseIsOpaqueInsideTransparentOutsideAndHalfOnItsOutline() {
        LayerMask mask = LayerMask.ellipse(20, 10, 2);
        assertThat(mask.alpha(0, 0)).isEqualTo(1f);
        assertThat(mask.alpha(18.5f, 0)).isEqualTo(1f);
        assertThat(mask.alpha(20, 0)).isCloseTo(0.5f, within(1e-3f));
        assertThat(mask.alpha(0, 10)).isCloseTo(0.5f, within(1e-2f));
        assertThat(mask.alpha(0, 12)).isZero();
        assertThat(mask.alpha(25, 0)).isZero();
    }

    @Test void polygonOutlineFollowsItsEdges() {
        // A square with corners at 45, 135, 225, 315 degrees, 10*sqrt(2) out: its sides lie at x, y = +-10.
        double r = 10 * Math.sqrt(2);
        LayerMask square = LayerMask.polygon(new double[] {Math.PI / 4, 3 * Math.PI / 4, 5 * Math.PI / 4, 7 * Math.PI / 4}, new double[] {r, r, r, r}, 1);
        assertThat(square.alpha(10, 0)).isCloseTo(0.5f, within(1e-3f));
        assertThat(square.alpha(0, -10)).isCloseTo(0.5f, within(1e-3f));
        assertThat(square.alpha(9, 9)).isEqualTo(1f);
        assertThat(square.alpha(11, 3)).isZero();
    }

    @Test void randomMasksCoverTheirCentreAndStayWithinReach() {
        Random rng = new Random(5);
        for (int i = 0; i < 300; i++) {
            LayerMask mask = LayerMask.random(rng, 40);
            assertThat(mask.alpha(0, 0)).as("%s", mask).isEqualTo(1f);
            double angle = rng.nextDouble() * 2 * Math.PI;
            float out = mask.reach() + 0.01f;
            assertThat(mask.alpha((float) (out * Math.cos(angle)), (float) (out * Math.sin(angle)))).isZero();
        }
    }
}
