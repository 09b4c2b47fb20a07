package io.inbetween.training.data;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Frame assertions for the training data's float frames. */
final class SameFrame {
    private SameFrame() {}

    /** Exact equality of two frames, reporting the first differing value (AssertJ's array diff is quadratic). */
    static void assertSameFrame(float[] actual, float[] expected, String what) {
        int at = Arrays.mismatch(actual, expected);
        assertThat(at).as("%s: first difference at value %d (%s vs %s)", what, at,
                at >= 0 && at < actual.length ? actual[at] : "-", at >= 0 && at < expected.length ? expected[at] : "-").isEqualTo(-1);
    }
}
