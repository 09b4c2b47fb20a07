package io.inbetween.decoder;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class DecoderCommandTest {
    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new DecoderCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpExplainsEveryOptionWithItsDefault() {
        Run help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("Usage: decoder", "--bootstrap-servers", "INBETWEEN_BOOTSTRAP_SERVERS",
                "--live-timeout", "Default: 10", "--pair-partitions", "Default: 12", "--frame-partitions", "Default: 4",
                "--replication-factor", "Default: 1", "--kafka", "SIGTERM");
    }

    @Test
    void aNonPositiveLiveTimeoutIsAUsageError() {
        Run bad = run("--bootstrap-servers", "localhost:9", "--live-timeout", "0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--live-timeout must be at least 1 second, got 0");
    }

    @Test
    void missingBrokersIsAUsageError() {
        if (System.getenv("INBETWEEN_BOOTSTRAP_SERVERS") != null) {
            // the environment supplies the default; an empty option value must still be refused
            Run empty = run("--bootstrap-servers", " ");
            assertThat(empty.exitCode()).isEqualTo(2);
            return;
        }
        Run missing = run();
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--bootstrap-servers");
    }
}
