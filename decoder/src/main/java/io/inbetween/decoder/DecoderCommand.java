package io.inbetween.decoder;

import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code inbetween decoder}: the long-running decoder service, until SIGTERM. */
@Command(name = "decoder", mixinStandardHelpOptions = true,
        description = {"Runs the decoder service: takes queued jobs from the " + Topics.JOBS + " topic, decodes each input "
                + "(file or live URL) with FFmpeg, and publishes original frames to " + Topics.FRAMES + " and frame pairs to "
                + Topics.PAIRS + " for the interpolators. Runs until stopped (SIGTERM or Ctrl-C); a job interrupted "
                + "that way is decoded again by the next decoder to start.",
                "Every option can also be set with an environment variable: --bootstrap-servers is INBETWEEN_BOOTSTRAP_SERVERS, "
                        + "and so on."})
public final class DecoderCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DecoderCommand.class);

    @Spec CommandSpec spec;

    @Option(names = "--" + ConfigKeys.BOOTSTRAP_SERVERS, required = true, paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:INBETWEEN_BOOTSTRAP_SERVERS}",
            description = "Kafka brokers to connect to. Required. Default: the environment variable "
                    + "INBETWEEN_BOOTSTRAP_SERVERS (now: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--live-timeout", paramLabel = "SECONDS", defaultValue = "${env:INBETWEEN_LIVE_TIMEOUT:-10}",
            description = "Fail a job whose live source sends no frame for this long (env INBETWEEN_LIVE_TIMEOUT). "
                    + "Default: ${DEFAULT-VALUE}")
    int liveTimeoutSeconds;

    @Option(names = "--" + ConfigKeys.PAIR_PARTITIONS, paramLabel = "N", defaultValue = "${env:INBETWEEN_PAIR_PARTITIONS:-12}",
            description = "Partitions of " + Topics.PAIRS + " if this service creates it; at least the number of "
                    + "interpolator replicas (env INBETWEEN_PAIR_PARTITIONS). Default: ${DEFAULT-VALUE}")
    int pairPartitions;

    @Option(names = "--" + ConfigKeys.FRAME_PARTITIONS, paramLabel = "N", defaultValue = "${env:INBETWEEN_FRAME_PARTITIONS:-4}",
            description = "Partitions of " + Topics.FRAMES + " and " + Topics.ORDERED + " if this service creates them "
                    + "(env INBETWEEN_FRAME_PARTITIONS). Default: ${DEFAULT-VALUE}")
    int framePartitions;

    @Option(names = "--" + ConfigKeys.REPLICATION, paramLabel = "N", defaultValue = "${env:INBETWEEN_REPLICATION_FACTOR:-1}",
            description = "Replication factor of the topics this service creates (env INBETWEEN_REPLICATION_FACTOR). "
                    + "Default: ${DEFAULT-VALUE}")
    short replication;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE",
            description = "Any other Kafka client setting, e.g. --kafka security.protocol=SSL (repeatable). Default: none")
    Map<String, String> kafka = new LinkedHashMap<>();

    public DecoderCommand() {}

    @Override public Integer call() {
        if (bootstrapServers == null || bootstrapServers.isBlank())
            throw new ParameterException(spec.commandLine(),
                    "--bootstrap-servers is required (or set INBETWEEN_BOOTSTRAP_SERVERS)");
        if (liveTimeoutSeconds <= 0)
            throw new ParameterException(spec.commandLine(), "--live-timeout must be at least 1 second, got " + liveTimeoutSeconds);
        if (pairPartitions <= 0 || framePartitions <= 0 || replication <= 0)
            throw new ParameterException(spec.commandLine(), "partition counts and the replication factor must be positive");
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);

        try (Admin admin = Admin.create(config)) {
            Topics.ensure(admin, pairPartitions, framePartitions, replication);
        }
        DecoderService service = new DecoderService(config, Duration.ofSeconds(liveTimeoutSeconds));
        Thread hook = new Thread(service::close, "decoder-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("decoder: connected to {}", bootstrapServers);
        service.run();
        return 0;
    }
}
