package io.inbetween.cli;

import io.inbetween.streamapp.StreamAppCommand;
import io.inbetween.wire.options.EnvironmentDefaults;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every option of every command has its environment variable, and the README's configuration table lists them all. */
class ConfigurationTest {
    private static final String TABLE_START = "<!-- configuration table";
    private static final String TABLE_END = "<!-- end of configuration table -->";

    /** variable -> (option, commands), from the command tree itself. */
    static Map<String, String[]> variables() {
        Map<String, TreeSet<String>> commands = new TreeMap<>();
        Map<String, String> options = new TreeMap<>();
        List<CommandLine> all = new ArrayList<>();
        collect(new CommandLine(new Inbetween()), all);
        for (CommandLine command : all) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                String variable = EnvironmentDefaults.variable(option);
                if (variable == null) continue;
                options.put(variable, option.longestName());
                commands.computeIfAbsent(variable, v -> new TreeSet<>()).add(command.getCommandName());
            }
        }
        Map<String, String[]> rows = new TreeMap<>();
        options.forEach((v, o) -> rows.put(v, new String[] {o, String.join(", ", commands.get(v))}));
        return rows;
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(c -> collect(c, into));
    }

    private static String expectedTable() {
        StringBuilder table = new StringBuilder("| variable | option | commands |\n|---|---|---|\n");
        variables().forEach((v, row) -> table.append("| `").append(v).append("` | `").append(row[0]).append("` | ").append(row[1]).append(" |\n"));
        return table.toString();
    }

    @Test
    void everyOptionOfEveryCommandHasItsVariable() {
        List<CommandLine> all = new ArrayList<>();
        collect(new CommandLine(new Inbetween()), all);
        assertThat(all).extracting(CommandLine::getCommandName)
                .contains("inbetween", "upscale", "serve", "decoder", "interpolator", "stream-app", "train", "bench");
        int options = 0;
        for (CommandLine command : all)
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) continue;
                options++;
                assertThat(EnvironmentDefaults.variable(option)).as(command.getCommandName() + " " + option.longestName())
                        .isEqualTo("INBETWEEN_" + option.longestName().substring(2).toUpperCase().replace('-', '_'));
            }
        assertThat(options).isGreaterThan(60);
    }

    @Test
    void theReadmeTableListsEveryVariable() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("inbetween.repo", "..")).resolve("README.md"));
        int start = readme.indexOf(TABLE_START), end = readme.indexOf(TABLE_END);
        assertThat(start).as("README has the configuration table markers").isNotNegative();
        assertThat(end).isGreaterThan(start);
        String table = readme.substring(readme.indexOf('\n', start) + 1, end);
        assertThat(table).as("README's configuration table; the expected table follows").isEqualTo(expectedTable());
    }

    @Test
    void aVariableSetsTheOptionAndTheCommandLineWins() throws Exception {
        var env = Map.of("INBETWEEN_BOOTSTRAP_SERVERS", "kafka-1:9092", "INBETWEEN_STATE_DIR", "/var/lib/streams",
                "INBETWEEN_KAFKA", "security.protocol=SSL,client.rack=a");
        StreamAppCommand fromEnv = new StreamAppCommand();
        new CommandLine(fromEnv).setDefaultValueProvider(new EnvironmentDefaults(env)).parseArgs();
        assertThat(field(fromEnv, "stateDir")).isEqualTo(Path.of("/var/lib/streams"));
        Object kafka = field(fromEnv, "kafka");
        assertThat(kafka.getClass().getMethod("bootstrapServers").invoke(kafka)).isEqualTo("kafka-1:9092");
        assertThat(kafka.getClass().getMethod("clientConfig", String.class).invoke(kafka, "x:1"))
                .isEqualTo(Map.of("security.protocol", "SSL", "client.rack", "a", "bootstrap.servers", "x:1"));

        StreamAppCommand fromArgs = new StreamAppCommand();
        new CommandLine(fromArgs).setDefaultValueProvider(new EnvironmentDefaults(env)).parseArgs("--state-dir", "here");
        assertThat(field(fromArgs, "stateDir")).isEqualTo(Path.of("here"));

        StreamAppCommand neither = new StreamAppCommand();
        new CommandLine(neither).setDefaultValueProvider(new EnvironmentDefaults(Map.of())).parseArgs();
        assertThat(field(neither, "stateDir")).isEqualTo(Path.of("data", "stream-state"));
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }
}
