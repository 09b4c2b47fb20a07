package io.inbetween.serve;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeCommandTest {
    @Test void helpExplainsEveryOptionWithItsDefault() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ServeCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        String help = out.toString();
        for (String option : new String[] {"--port", "--host", "--data-dir", "--bootstrap-servers", "--api-only", "--interpolators",
                "--synthesizer", "--device", "--batch-size", "--model", "--preset", "--max-upload-mb", "--max-active-jobs",
                "--retention", "--api-token"})
            assertThat(help).contains(option);
        assertThat(help).contains("Default: 8080").contains("Default: 2048").contains("Default: 16").contains("Default: 7d");
        assertThat(help).doesNotContain("${DEFAULT-VALUE}");
    }

    @Test void readsAgesInEveryFormTheHelpNames() {
        assertThat(ServeCommand.parseAge("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(ServeCommand.parseAge("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(ServeCommand.parseAge("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(ServeCommand.parseAge("PT12H")).isEqualTo(Duration.ofHours(12));
        assertThat(ServeCommand.parseAge("P2D")).isEqualTo(Duration.ofDays(2));
        assertThatThrownBy(() -> ServeCommand.parseAge("soon")).hasMessageContaining("--retention 'soon' is not an age");
    }

    @Test void listensOnThisMachineOnlyUnlessToldOtherwise() {
        ServeCommand c = new CommandLine(new ServeCommand()).parseArgs().asCommandLineList().get(0).getCommand();
        if (System.getenv("INBETWEEN_HOST") == null) assertThat(c.settings().host()).isEqualTo("127.0.0.1");
        ServeCommand open = new CommandLine(new ServeCommand()).parseArgs("--host", "0.0.0.0").asCommandLineList().get(0).getCommand();
        assertThat(open.settings().host()).isEqualTo("0.0.0.0");
    }

    @Test void badSettingsFailBeforeAnythingStarts() {
        ServeCommand c = new CommandLine(new ServeCommand()).parseArgs("--api-only").asCommandLineList().get(0).getCommand();
        assertThatThrownBy(c::settings).hasMessageContaining("--api-only needs --bootstrap-servers");
        ServeCommand d = new CommandLine(new ServeCommand()).parseArgs("--port", "70000").asCommandLineList().get(0).getCommand();
        assertThatThrownBy(d::settings).hasMessageContaining("--port must be 0..65535");
        ServeCommand e = new CommandLine(new ServeCommand()).parseArgs("--max-upload-mb", "0").asCommandLineList().get(0).getCommand();
        assertThatThrownBy(e::settings).hasMessageContaining("--max-upload-mb");
    }
}
