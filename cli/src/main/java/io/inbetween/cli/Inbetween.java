package io.inbetween.cli;

import io.inbetween.streamapp.StreamAppCommand;
import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.options.CommandRunner;
import io.inbetween.bench.BenchCommand;
import io.inbetween.broker.BrokerCommand;
import io.inbetween.serve.ServeCommand;
import io.inbetween.decoder.DecoderCommand;
import io.inbetween.interpolator.InterpolatorCommand;
import io.inbetween.training.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

/** The {@code ./inbetween} launcher: every service and tool of Inbetween behind one command. */
@Command(name = "inbetween", mixinStandardHelpOptions = true, versionProvider = Inbetween.Version.class,
        description = {"Inbetween raises the frame rate of video (24->60, 25->50, 2x, 4x) by synthesizing the frames in between with a learned model, with Kafka as the backbone.", ""},
        subcommands = {UpscaleCommand.class, LiveCommand.class, ServeCommand.class, DecoderCommand.class, InterpolatorCommand.class, StreamAppCommand.class, BrokerCommand.class, TrainCommand.class, BenchCommand.class},
        footer = {"", "Run 'inbetween COMMAND --help' for a command's options.", ConfigKeys.ENVIRONMENT_NOTE})
public final class Inbetween implements Runnable {

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean debug;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }

    /** The project's version, as the build wrote it (the root POM's revision). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Inbetween.class.getResourceAsStream("version.properties")) {
                if (in == null) throw new IOException("version.properties is missing from the build");
                p.load(in);
            }
            return new String[] {"Inbetween " + p.getProperty("version")};
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.err, true)));
    }

    /** Runs a command line; errors become one line on {@code err} and a non-zero code. */
    public static int execute(String[] args, PrintWriter err) {
        return CommandRunner.execute(new CommandLine(new Inbetween()), args, err);
    }
}
