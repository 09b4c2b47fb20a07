package io.inbetween.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathRootsTest {
    @TempDir Path dir;

    @Test void filesUnderTheRootsPassAndOthersAreRefusedNamingTheOption() throws Exception {
        Path in = Files.createDirectory(dir.resolve("in")), out = Files.createDirectory(dir.resolve("out"));
        Path clip = Files.writeString(in.resolve("clip.mp4"), "x");
        PathRoots roots = PathRoots.of(List.of(in), List.of(out));
        assertThatCode(() -> roots.checkInput(clip.toString())).doesNotThrowAnyException();
        assertThatCode(() -> roots.checkOutput(out.resolve("new.mkv").toString())).doesNotThrowAnyException();
        assertThatThrownBy(() -> roots.checkInput("/etc/passwd"))
                .hasMessage("input /etc/passwd is outside the folders this stage reads from (" + in.toRealPath() + "; --input-root)");
        assertThatThrownBy(() -> roots.checkOutput(in.resolve("x.mkv").toString())).hasMessageContaining("outside the folders this stage writes to")
                .hasMessageContaining("--output-root");
        assertThatThrownBy(() -> roots.checkOutput(out.resolve("../in/x.mkv").toString())).hasMessageContaining("outside");
        assertThatThrownBy(() -> roots.checkInput(in + "/../../etc/hosts")).hasMessageContaining("outside");
    }

    @Test void aLinkInsideARootThatPointsOutsideIsOutside() throws Exception {
        Path in = Files.createDirectory(dir.resolve("in")), out = Files.createDirectory(dir.resolve("out"));
        Path secret = Files.writeString(dir.resolve("secret.txt"), "s");
        Files.createSymbolicLink(in.resolve("innocent.mp4"), secret);
        Files.createSymbolicLink(out.resolve("elsewhere"), dir);
        Files.createSymbolicLink(out.resolve("victim.mkv"), secret);
        PathRoots roots = PathRoots.of(List.of(in), List.of(out));
        assertThatThrownBy(() -> roots.checkInput(in.resolve("innocent.mp4").toString())).hasMessageContaining("outside");
        assertThatThrownBy(() -> roots.checkOutput(out.resolve("elsewhere").resolve("x.mkv").toString())).hasMessageContaining("outside");
        assertThatThrownBy(() -> roots.checkOutput(out.resolve("victim.mkv").toString())).hasMessageContaining("outside");
    }

    @Test void urlsAreForTheSourcePolicyAndMissingRootsFailAtOnce() {
        PathRoots roots = PathRoots.of(List.of(dir), List.of(dir));
        assertThatCode(() -> roots.checkInput("udp://127.0.0.1:5000")).doesNotThrowAnyException();
        assertThatCode(() -> roots.checkOutput("rtmp://127.0.0.1/live/x")).doesNotThrowAnyException();
        assertThatThrownBy(() -> PathRoots.of(List.of(dir.resolve("nope")), List.of(dir))).hasMessage("the input folder " + dir.resolve("nope") + " does not exist");
        assertThatThrownBy(() -> PathRoots.of(List.of(), List.of(dir))).isInstanceOf(IllegalArgumentException.class);
    }
}
