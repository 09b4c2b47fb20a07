package io.inbetween.training.data;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The real media folder the build points at; a missing folder fails the test with the fix, never skips it. */
final class TestMedia {
    private TestMedia() {}

    static Path dir() {
        Path dir = Path.of(System.getProperty("inbetween.media", "data/media"));
        if (!Files.isDirectory(dir.resolve("videos")) || !Files.isDirectory(dir.resolve("textures")))
            fail("real media missing in " + dir.toAbsolutePath() + ": run scripts/fetch-media.sh all");
        return dir;
    }

    /** Exact equality of two frames, reporting the first differing value (AssertJ's array diff is quadratic). */
    static void assertSameFrame(float[] actual, float[] expected, String what) {
        int at = Arrays.mismatch(actual, expected);
        assertThat(at).as("%s: first difference at value %d (%s vs %s)", what, at,
                at >= 0 && at < actual.length ? actual[at] : "-", at >= 0 && at < expected.length ? expected[at] : "-").isEqualTo(-1);
    }
}
