package io.inbetween.decoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real media the tests run on (fetched by scripts/fetch-media.sh, found through the
 * inbetween.media system property) and derived clips made with the ffmpeg CLI.
 */
public final class TestMedia {
    private TestMedia() {}

    public static Path root() {
        String property = System.getProperty("inbetween.media");
        Path root = property != null ? Path.of(property) : Path.of("..", "data", "media");
        if (!Files.isDirectory(root.resolve("videos")))
            throw new IllegalStateException("test media missing at " + root.toAbsolutePath()
                    + ": run scripts/fetch-media.sh (or set -Dinbetween.media)");
        return root;
    }

    /** A clip from data/media/videos; fails with a hint when it is missing. */
    public static Path video(String name) {
        Path clip = root().resolve("videos").resolve(name);
        if (!Files.isRegularFile(clip))
            throw new IllegalStateException("test clip " + clip + " missing: run scripts/fetch-media.sh");
        return clip;
    }

    /** Runs the ffmpeg CLI (quiet, overwriting) and returns the output file, which must be the last argument. */
    public static Path ffmpeg(String... args) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin", "-y"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("ffmpeg did not finish in 120 s: " + command);
            }
            String output = new String(process.getInputStream().readAllBytes());
            if (process.exitValue() != 0)
                throw new IllegalStateException("ffmpeg failed (" + process.exitValue() + "): " + command + "\n" + output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ffmpeg (install the ffmpeg package): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running ffmpeg", e);
        }
        return Path.of(args[args.length - 1]);
    }
}
