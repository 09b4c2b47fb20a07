package io.inbetween.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No id a client sends can name a path outside the data directory. */
class JobFilesTest {
    @TempDir Path data;

    @Test void aJobLivesInItsOwnFolder() throws Exception {
        JobFiles files = new JobFiles(data);
        Path dir = files.create("clip.mp4-1a2b3c4d");
        assertThat(dir).isEqualTo(data.resolve("jobs/clip.mp4-1a2b3c4d").toAbsolutePath());
        assertThat(files.source("clip.mp4-1a2b3c4d").getParent()).isEqualTo(dir);
        assertThat(files.output("clip.mp4-1a2b3c4d", "mp4").getFileName().toString()).isEqualTo("output.mp4");
        Files.writeString(files.source("clip.mp4-1a2b3c4d"), "x");
        assertThat(files.ids()).containsExactly("clip.mp4-1a2b3c4d");
        assertThat(files.owns(files.source("clip.mp4-1a2b3c4d"))).isTrue();
        assertThat(files.owns(data.resolve("jobs/../elsewhere"))).isFalse();
        assertThat(files.delete("clip.mp4-1a2b3c4d")).isTrue();
        assertThat(dir).doesNotExist();
    }

    @Test void refusesIdsThatWouldLeaveTheFolder() {
        JobFiles files = new JobFiles(data);
        for (String bad : new String[] {"..", ".", "../etc", "a/b", "a\\b", ".hidden", "", "x".repeat(65), "a b", "%2e%2e", null}) {
            assertThat(JobFiles.isValidId(bad)).as("'%s'", bad).isFalse();
            assertThatThrownBy(() -> files.dir(bad)).as("'%s'", bad).isInstanceOf(ApiException.class);
        }
    }

    @Test void uploadNamesBecomeHarmlessIdParts() {
        assertThat(JobIntake.safeName("../../etc/passwd", "upload")).isEqualTo("passwd");
        assertThat(JobIntake.safeName("C:\\Users\\me\\My Clip.mp4", "upload")).isEqualTo("My_Clip.mp4");
        assertThat(JobIntake.safeName("...", "upload")).isEqualTo("upload");
        assertThat(JobIntake.safeName(".bashrc", "upload")).isEqualTo("bashrc");
        assertThat(JobIntake.safeName(null, "upload")).isEqualTo("upload");
    }
}
