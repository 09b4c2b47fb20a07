package io.inbetween.wire.console;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {
    @Test
    void aBarShowsCountPercentRateAndNote() {
        List<String> lines = new ArrayList<>();
        ProgressBar bar = ProgressBar.asLines("frames", lines::add, Duration.ZERO);
        bar.update(0, 200, "running");
        assertThat(lines.get(0)).startsWith("[------------------------------] 0/200 frames   0%").contains("0.0 frames/s").contains("running")
                .doesNotContain("ETA");
        String half = bar.render(100, 200, null);
        assertThat(half).startsWith("[###############---------------] 100/200 frames  50%");
        assertThat(bar.render(7, -1, "queued")).startsWith("7 frames").contains("queued");
    }

    @Test
    void theEtaComesFromTheMeanRateSinceTheFirstUnitOnceItHadTimeToSettle() {
        List<String> lines = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        ProgressBar bar = new ProgressBar("frames", null, lines::add, Duration.ZERO, now::get);
        bar.update(0, 110, "running"); // start-up: nothing done for 4 s
        now.set(4_000_000_000L);
        bar.update(10, 110, "running"); // the first frames
        now.set(5_000_000_000L);
        bar.update(30, 110, "running");
        assertThat(lines.get(2)).as("1 s after the first frames: too soon to tell").doesNotContain("ETA");
        now.set(6_500_000_000L);
        bar.update(60, 110, "running"); // 50 frames in 2.5 s since the first: 20 frames/s, 50 to go
        assertThat(lines.get(3)).contains("ETA 00:02").contains("elapsed 00:06");
    }

    @Test
    void plainLinesComeAtMostOnceAPeriodButTheLastOneAlways() {
        List<String> lines = new ArrayList<>();
        ProgressBar bar = ProgressBar.asLines("it", lines::add, Duration.ofHours(1));
        for (int i = 0; i < 100; i++) bar.update(i, 100, null);
        assertThat(lines).hasSize(1);
        bar.finish(100, 100, "done");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("100/100 it 100%").contains("done");
    }

    @Test
    void logLinesPrintedWhileABarIsShownGoAboveItWithoutTearingIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StatusLine line = new StatusLine(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        line.show("[####------] 4/10");
        line.print("WARN something happened");
        line.show("[#####-----] 5/10");
        line.release();
        line.print("wrote out.mp4");
        String screen = render(bytes.toString(StandardCharsets.UTF_8));
        assertThat(screen).isEqualTo("WARN something happened\n[#####-----] 5/10\nwrote out.mp4\n");
    }

    @Test
    void clockReadsMinutesThenHours() {
        assertThat(ProgressBar.clock(Duration.ofSeconds(83))).isEqualTo("01:23");
        assertThat(ProgressBar.clock(Duration.ofSeconds(3 * 3600 + 62))).isEqualTo("3:01:02");
    }

    /** What a terminal shows for this output: a carriage return goes back to the start of the line. */
    private static String render(String output) {
        StringBuilder screen = new StringBuilder();
        StringBuilder current = new StringBuilder();
        int column = 0;
        for (char c : output.toCharArray()) {
            if (c == '\r') column = 0;
            else if (c == '\n') { screen.append(current.toString().stripTrailing()).append('\n'); current.setLength(0); column = 0; }
            else {
                if (column < current.length()) current.setCharAt(column, c); else current.append(c);
                column++;
            }
        }
        return screen.append(current.toString().stripTrailing()).toString();
    }
}
