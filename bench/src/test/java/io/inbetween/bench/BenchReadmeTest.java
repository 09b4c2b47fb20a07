package io.inbetween.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReadmeTest {

    @Test
    void replacesOnlyTheLatestResultsSection(@TempDir Path dir) throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# Bench\n\nintro\n\n" + BenchReadme.START + "\nold table\n" + BenchReadme.END + "\n\nfooter\n");
        BenchReadme.update(readme, "new table\n");
        String text = Files.readString(readme);
        assertThat(text).contains("intro", "new table", "footer").doesNotContain("old table");
        BenchReadme.update(readme, "newer table");
        assertThat(Files.readString(readme)).contains("newer table", "footer").containsOnlyOnce(BenchReadme.START);
    }

    @Test
    void appendsTheSectionWhenTheMarkersAreMissing(@TempDir Path dir) throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# Bench");
        BenchReadme.update(readme, "table");
        assertThat(Files.readString(readme)).startsWith("# Bench\n").contains(BenchReadme.START + "\ntable\n" + BenchReadme.END);
    }
}
