package io.inbetween.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real Debian media that scripts/fetch-media.sh fetches, for every module's tests: found
 * through the {@code inbetween.media} system property (the build sets it), else {@code ../data/media}.
 * Missing media fails the test with the command that fetches it; it never skips.
 */
public final class TestMedia {
    private TestMedia() {}

    /** The media folder (videos/ and textures/). */
    public static Path dir() {
        Path d = Path.of(System.getProperty("inbetween.media", "../data/media"));
        if (!Files.isDirectory(d.resolve("videos")) || !Files.isDirectory(d.resolve("textures")))
            throw new IllegalStateException("test media missing in " + d.toAbsolutePath() + ": run scripts/fetch-media.sh all");
        return d;
    }

    /** A clip from videos/. */
    public static Path video(String name) { return file("videos", name, "scripts/fetch-media.sh"); }

    /** A photo from textures/. */
    public static Path texture(String name) { return file("textures", name, "scripts/fetch-media.sh textures"); }

    private static Path file(String folder, String name, String fetch) {
        Path p = dir().resolve(folder).resolve(name);
        if (!Files.isRegularFile(p)) throw new IllegalStateException("test media " + p + " is missing: run " + fetch);
        return p;
    }
}
