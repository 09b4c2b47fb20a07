package io.inbetween.wire.options;

import io.inbetween.wire.OneLine;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * How every Inbetween command line runs, in the launcher and in each service's own image:
 * environment defaults installed, errors as one line and a non-zero code ({@code --debug} adds
 * the stack trace), usage errors as one line that points at {@code --help}.
 */
public final class CommandRunner {
    private CommandRunner() {}

    /** Runs {@code command} (a picocli command object) on {@code args} and exits with its code. */
    public static void main(Object command, String[] args) {
        System.exit(execute(new CommandLine(command), args, new PrintWriter(System.err, true)));
    }

    public static int execute(CommandLine commandLine, String[] args, PrintWriter err) {
        CommandLine cli = EnvironmentDefaults.install(commandLine);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            boolean debug = parsed.asCommandLineList().stream()
                    .anyMatch(p -> p.getParseResult() != null && p.getParseResult().matchedOption("--debug") != null);
            if (debug) e.printStackTrace(err);
            err.println(line.getCommandSpec().qualifiedName() + ": " + OneLine.of(e));
            return 1;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine failed = e.getCommandLine();
            err.println(failed.getCommandSpec().qualifiedName() + ": " + OneLine.of(e) + " (see '"
                    + failed.getCommandSpec().qualifiedName() + " --help')");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli.execute(args);
    }
}
