package io.inbetween.training.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The video clips the model may be trained and validated on (issue #3), as
 * {@code scripts/fetch-media.sh videos} names them in {@code <media>/videos}: python3-mecavideo's
 * five example clips, kphotoalbum's demo movie, gem-doc's and planetblupi-common's animations, and
 * any folder of videos a user points at. Other files in that folder (mecavideo's balle-jbart.mp4
 * and balle1-vp9.avi, fetched for decoder tests) are never read here.
 */
public final class AllowedClips {

    /** Clips allowed by name; planetblupi's are allowed by {@link #PLANETBLUPI_PREFIX} (the package holds a dozen). */
    public static final List<String> NAMED = List.of(
            "mecavideo-Force_constante.avi", "mecavideo-Principe_inertie.avi", "mecavideo-Effet_force_magnetique.ogv",
            "mecavideo-g1.avi", "mecavideo-g2.avi",
            "kphotoalbum-movie.avi",
            "gem-anim-1.mov", "gem-homer.avi", "gem-alea.mpg");
    public static final String PLANETBLUPI_PREFIX = "planetblupi-";

    /** File endings read from a user's folder of videos. */
    public static final Set<String> VIDEO_ENDINGS = Set.of(
            "mp4", "m4v", "mov", "mkv", "webm", "avi", "ogv", "ogg", "mpg", "mpeg", "ts", "mts", "flv", "wmv", "y4m");

    static final String FETCH_HINT = "run scripts/fetch-media.sh videos";

    private AllowedClips() {}

    /** Whether a clip file name (as in {@code <media>/videos}) is on the allowed list. */
    public static boolean isAllowed(String clipName) {
        return NAMED.contains(clipName) || (clipName.startsWith(PLANETBLUPI_PREFIX) && clipName.endsWith(".mkv"));
    }

    /**
     * The allowed clips under {@code <mediaDir>/videos}, sorted by name. Fails with a hint to run
     * the fetch script when the folder or any expected clip is missing.
     */
    public static List<Path> list(Path mediaDir) {
        Path videos = mediaDir.resolve("videos");
        if (!Files.isDirectory(videos))
            throw new IllegalStateException("no media folder " + videos + ": " + FETCH_HINT);
        List<Path> clips = new ArrayList<>();
        for (String name : NAMED) {
            Path clip = videos.resolve(name);
            if (!Files.isRegularFile(clip)) throw new IllegalStateException("allowed clip " + clip + " is missing: " + FETCH_HINT);
            clips.add(clip);
        }
        List<Path> planetblupi = filesIn(videos).stream().filter(p -> isAllowed(p.getFileName().toString()))
                .filter(p -> !NAMED.contains(p.getFileName().toString())).toList();
        if (planetblupi.isEmpty()) throw new IllegalStateException("no planetblupi clips in " + videos + ": " + FETCH_HINT);
        clips.addAll(planetblupi);
        clips.sort(null);
        return List.copyOf(clips);
    }

    /** The videos (by file ending) directly inside a user's folder, sorted by name; fails if there are none. */
    public static List<Path> videosIn(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("video folder not found: " + dir);
        List<Path> videos = filesIn(dir).stream().filter(AllowedClips::looksLikeVideo).toList();
        if (videos.isEmpty())
            throw new IllegalArgumentException("no videos (" + String.join(", ", VIDEO_ENDINGS.stream().sorted().toList()) + ") in " + dir);
        return videos;
    }

    private static boolean looksLikeVideo(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && VIDEO_ENDINGS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static List<Path> filesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
