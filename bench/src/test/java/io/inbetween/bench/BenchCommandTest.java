package io.inbetween.bench;

import io.inbetween.testing.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchCommandTest {

    private static BenchCommand parse(String... args) {
        BenchCommand cmd = new BenchCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }

    @Test
    void helpExplainsEveryOptionWithItsDefault() {
        String help = new CommandLine(new BenchCommand()).getUsageMessage();
        for (String option : List.of("--quick", "--methods", "--steps", "--torchscript", "--model", "--device", "--batch-size",
                "--seed", "--ffmpeg", "--media", "--out", "--readme", "--[no-]pipeline", "--method-timeout"))
            assertThat(help).contains(option);
        assertThat(help).contains("Default: 4.", "Default: ffmpeg.", "Default: auto.", "Default: true.", "bench/results");
    }

    @Test
    void missingMediaPointsToTheFetchScript(@TempDir Path dir) {
        BenchCommand cmd = parse("--quick", "--media", dir.resolve("nothing").toString(), "--out", dir.toString());
        assertThatThrownBy(cmd::call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run scripts/fetch-media.sh");
    }

    @Test
    void anUnknownMethodIsRefusedBeforeAnythingRuns(@TempDir Path dir) {
        BenchCommand cmd = parse("--quick", "--methods", "blend,dain", "--out", dir.toString());
        assertThatThrownBy(cmd::call).hasMessageContaining("unknown method 'dain'");
    }

    /** The real thing, shortened: three methods, each in its own JVM, on the quick plan. */
    @Test
    void quickRunWritesAStampedTableAndPlot(@TempDir Path dir) throws Exception {
        Path readme = dir.resolve("README.md");
        BenchCommand cmd = parse("--quick", "--methods", "blend,duplicate,minterpolate", "--no-pipeline",
                "--media", TestMedia.dir().toString(), "--out", dir.toString(), "--readme", readme.toString());
        assertThat(cmd.call()).isZero();

        Path report;
        try (var files = Files.list(dir)) { report = files.filter(p -> p.toString().endsWith("-quick.md")).findFirst().orElseThrow(); }
        String md = Files.readString(report);
        assertThat(md).contains("cores", "commit `", "ffmpeg version");
        for (String task : List.of("2x native", "4x native"))
            for (String m : List.of("blend", "duplicate", "minterpolate"))
                assertThat(md).contains("| " + task + " | " + m + " |");
        for (FrameRun w : EvaluationSet.quick(TestMedia.dir())) assertThat(md).contains("| " + w.name() + " | ");
        assertThat(md).doesNotContain("### Not measured").doesNotContain("NaN");

        BufferedImage png = ImageIO.read(report.resolveSibling(report.getFileName().toString().replace(".md", ".png")).toFile());
        assertThat(png.getWidth()).isGreaterThan(1000);
        assertThat(readme).doesNotExist(); // quick runs never touch the README
    }
}
