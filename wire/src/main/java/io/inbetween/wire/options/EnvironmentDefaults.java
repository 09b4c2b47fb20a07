package io.inbetween.wire.options;

import io.inbetween.wire.ConfigKeys;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Map;
import java.util.function.Function;

/**
 * Every option of every command can be set by an environment variable: {@code --x-y} is
 * {@code INBETWEEN_X_Y} (containers and Kubernetes configure services that way). A value on the
 * command line wins over the variable, and the variable over the option's own default.
 */
public final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
    private final Function<String, String> environment;

    public EnvironmentDefaults() { this(System::getenv); }

    /** With another environment, for tests. */
    public EnvironmentDefaults(Map<String, String> environment) { this(environment::get); }

    private EnvironmentDefaults(Function<String, String> environment) { this.environment = environment; }

    /** The environment variable of an option, or null for the help and version options, which have none. */
    public static String variable(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp() || !option.longestName().startsWith("--")) return null;
        return ConfigKeys.envName(option.longestName().substring(2));
    }

    @Override public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) return null;
        String name = variable(option);
        String value = name == null ? null : environment.apply(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** Installs the variables on a command and all its subcommands. */
    public static CommandLine install(CommandLine commandLine) {
        commandLine.setDefaultValueProvider(new EnvironmentDefaults());
        return commandLine;
    }
}
