package io.inbetween.serve;

import io.inbetween.testing.TestMedia;
import io.inbetween.testing.TestClips;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real files from the test media: each container by its first bytes, whatever its name says. */
class ContainerSnifferTest {
    @Test void recognisesTheContainersOfRealClips() {
        assertThat(ContainerSniffer.sniff(TestMedia.video("mecavideo-balle-jbart.mp4")).mimeType()).isEqualTo("video/mp4");
        assertThat(ContainerSniffer.sniff(TestMedia.video("mecavideo-Force_constante.avi")).mimeType()).isEqualTo("video/x-msvideo");
        assertThat(ContainerSniffer.sniff(TestMedia.video("gem-anim-1.mov")).mimeType()).isEqualTo("video/quicktime");
        assertThat(ContainerSniffer.sniff(TestMedia.video("kphotoalbum-movie.avi")).extension()).isEqualTo("avi");
        assertThat(ContainerSniffer.sniff(TestClips.hardCut()).mimeType()).isEqualTo("video/x-matroska");
    }

    @Test void refusesPicturesAndTextSayingWhatTheyLookLike() throws Exception {
        assertRefused(TestMedia.texture("skimage-astronaut.png"), "a PNG picture");
        assertRefused("plain words\n".getBytes(StandardCharsets.UTF_8), "a text file");
        assertRefused(new byte[0], "an empty file");
        assertRefused("%PDF-1.4 ...".getBytes(StandardCharsets.US_ASCII), "a PDF document");
        assertRefused(new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' '}, "a WAV audio file");
    }

    private static void assertRefused(Path file, String what) throws Exception { assertRefused(Files.readAllBytes(file), what); }

    private static void assertRefused(byte[] head, String what) {
        assertThatThrownBy(() -> ContainerSniffer.sniff(head)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(415);
            assertThat(e.getMessage()).contains("not a video").contains(what);
        });
    }
}
