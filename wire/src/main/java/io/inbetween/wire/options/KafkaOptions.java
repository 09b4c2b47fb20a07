package io.inbetween.wire.options;

import io.inbetween.wire.ClusterCheck;
import io.inbetween.wire.ConfigKeys;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a command reaches Kafka: {@code --bootstrap-servers} and any other client setting with {@code --kafka}. */
public final class KafkaOptions {
    @Option(names = "--" + ConfigKeys.BOOTSTRAP_SERVERS, paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to connect to. The services need it; upscale and serve start an embedded broker without it.")
    String bootstrapServers;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE", split = ",",
            description = "Any other Kafka client setting, e.g. --kafka security.protocol=SSL (repeatable, or comma-separated). Default: none.")
    Map<String, String> kafka = new LinkedHashMap<>();

    @Option(names = "--connect-timeout", paramLabel = "SECONDS",
            description = "How long to wait for the Kafka cluster at start-up, saying so every 10 s, before exiting with an error; 0 waits for ever. Default: ${DEFAULT-VALUE}.")
    long connectTimeoutSeconds = DEFAULT_CONNECT_TIMEOUT.toSeconds();

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(60);

    /** The cluster, or null when none was given. */
    public String bootstrapServers() {
        return bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers.strip();
    }

    /** The cluster, or a usage error naming the option and its environment variable. */
    public String requireBootstrapServers(CommandSpec spec) {
        String servers = bootstrapServers();
        if (servers == null)
            throw new ParameterException(spec.commandLine(), "missing --" + ConfigKeys.BOOTSTRAP_SERVERS
                    + " (or the environment variable " + ConfigKeys.envName(ConfigKeys.BOOTSTRAP_SERVERS) + ")");
        return servers;
    }

    /**
     * Waits until the cluster answers (see {@link ClusterCheck}) and returns its number of brokers.
     *
     * @throws IllegalStateException with a one-line reason after {@code --connect-timeout}
     */
    public int awaitCluster(String bootstrap) {
        return ClusterCheck.await(clientConfig(bootstrap), Duration.ofSeconds(connectTimeoutSeconds));
    }

    /** The common client settings for {@code bootstrap}: the --kafka settings, then the servers. */
    public Map<String, Object> clientConfig(String bootstrap) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return config;
    }
}
