package io.inbetween.decoder.source;

import io.inbetween.testing.Ffmpeg;
import io.inbetween.testing.TestMedia;
import io.inbetween.decoder.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every kind of unusable file gets a one-line InputException, fast. */
@Timeout(60)
class BadInputTest {
    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(2);

    @TempDir Path dir;

    @Test
    void missingFile() {
        String input = dir.resolve("nope.mp4").toString();
        assertOpenFails(input, "input not found: " + input);
    }

    @Test
    void textFile() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "These are my notes, not a video.\n".repeat(20));
        assertOpenFails(text.toString(), text + " is not a video (ffmpeg reads it as text)");
    }

    @Test
    void textFileNamedLikeAVideo() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "These are my notes, not a video.\n".repeat(20));
        assertOpenFails(text.toString(), text + " is not a video (ffmpeg: Invalid data found when processing input)");
    }

    @Test
    void zeroByteFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        assertOpenFails(empty.toString(), empty + " is empty (0 bytes), not a video");
    }

    @Test
    void directory() {
        assertOpenFails(dir.toString(), dir + " is a directory, not a video file");
    }

    @Test
    void truncatedMp4WhoseIndexIsAtTheEnd() throws IOException {
        // The first 40% of an mp4 whose moov box comes after the media data: the index is gone.
        byte[] whole = Files.readAllBytes(TestMedia.video("mecavideo-balle-jbart.mp4"));
        Path cut = Files.write(dir.resolve("balle-40pct.mp4"), java.util.Arrays.copyOf(whole, whole.length * 40 / 100));
        assertOpenFails(cut.toString(), cut + " is truncated or corrupt (ffmpeg: Invalid data found when processing input)");
    }

    @Test
    void audioOnly() {
        Path audio = Ffmpeg.ffmpeg("-i", TestMedia.video("mecavideo-balle-jbart.mp4").toString(), "-vn", "-c:a", "copy",
                dir.resolve("audio-only.m4a").toString());
        assertOpenFails(audio.toString(), audio + " has no video stream");
    }

    private static void assertOpenFails(String input, String message) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> VideoSource.open(input, LIVE_TIMEOUT).close())
                .isInstanceOf(InputException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails at once, no hang").isLessThan(Duration.ofSeconds(20));
    }
}
