package io.inbetween.decoder;

import io.inbetween.wire.options.CommandRunner;

import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.Topics;
import io.inbetween.wire.PathRoots;
import io.inbetween.wire.options.KafkaOptions;
import io.inbetween.wire.options.HealthOptions;
import io.inbetween.wire.options.PathRootOptions;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code inbetween decoder}: the long-running decoder service, until SIGTERM. */
@Command(name = "decoder", mixinStandardHelpOptions = true,
        description = {"Runs the decoder service: takes queued jobs from the " + Topics.JOBS + " topic, decodes each input "
                + "(file or live URL) with FFmpeg, and publishes frame pairs (each with its original) to "
                + Topics.PAIRS + " for the interpolators. Runs until stopped (SIGTERM or Ctrl-C); a job interrupted "
                + "that way is decoded again by the next decoder to start.",
                ConfigKeys.ENVIRONMENT_NOTE})
public final class DecoderCommand implements Callable<Integer> {
    /** The service's own entry point, as its container image runs it. */
    public static void main(String[] args) { CommandRunner.main(new DecoderCommand(), args); }

    private static final Logger log = LoggerFactory.getLogger(DecoderCommand.class);

    @Spec CommandSpec spec;

    @Mixin KafkaOptions kafka;

    @Mixin LiveSourceOptions live;

    @Mixin PathRootOptions roots;

    @Mixin HealthOptions health;

    @Option(names = "--live-timeout", paramLabel = "SECONDS",
            description = "Fail a job whose live source sends no frame for this long. Default: ${DEFAULT-VALUE}")
    int liveTimeoutSeconds = (int) JobDecoder.DEFAULT_LIVE_TIMEOUT.toSeconds();

    @Option(names = "--pair-partitions", paramLabel = "N",
            description = "Partitions of " + Topics.PAIRS + " if this service creates it; at least the number of "
                    + "interpolator replicas. Default: ${DEFAULT-VALUE}")
    int pairPartitions = Topics.DEFAULT_PAIR_PARTITIONS;

    @Option(names = "--frame-partitions", paramLabel = "N",
            description = "Partitions of " + Topics.FRAMES + " and " + Topics.ORDERED + " if this service creates them. Default: ${DEFAULT-VALUE}")
    int framePartitions = Topics.DEFAULT_FRAME_PARTITIONS;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replication factor of the topics this service creates. Default: 3, or the number of brokers when there are fewer.")
    Short replication;

    public DecoderCommand() {}

    @Override public Integer call() {
        String bootstrapServers = kafka.requireBootstrapServers(spec);
        PathRoots confinement = roots.roots();
        if (liveTimeoutSeconds <= 0)
            throw new ParameterException(spec.commandLine(), "--live-timeout must be at least 1 second, got " + liveTimeoutSeconds);
        if (pairPartitions <= 0 || framePartitions <= 0 || (replication != null && replication <= 0))
            throw new ParameterException(spec.commandLine(), "partition counts and the replication factor must be positive");
        Map<String, Object> config = kafka.clientConfig(bootstrapServers);
        int brokers = kafka.awaitCluster(bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            Topics.ensure(admin, pairPartitions, framePartitions, replication != null ? replication : Topics.replicationFor(brokers));
        }
        DecoderService service = new DecoderService(config, Duration.ofSeconds(liveTimeoutSeconds), live.options(), confinement);
        service.beatInto(health.heartbeat());
        Thread hook = new Thread(service::close, "decoder-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("decoder: connected to {}", bootstrapServers);
        service.run();
        return 0;
    }
}
