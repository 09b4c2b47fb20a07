package io.inbetween.streamapp;

import io.inbetween.wire.options.CommandRunner;

import io.inbetween.streamapp.encode.EncoderService;
import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.PathRoots;
import io.inbetween.wire.options.KafkaOptions;
import io.inbetween.wire.options.HealthOptions;
import io.inbetween.wire.options.PathRootOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code inbetween stream-app}: the reorderer and the encoder as a long-running service. */
@Command(name = "stream-app", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the reorderer (Kafka Streams) and the encoder against a Kafka cluster until stopped.",
                "Output files are written to the paths named in each job, so this service must see them; a job whose output "
                        + "lies outside --output-root (or whose input, read for its audio, lies outside --input-root) fails.",
                ConfigKeys.ENVIRONMENT_NOTE})
public final class StreamAppCommand implements Callable<Integer> {
    /** The service's own entry point, as its container image runs it. */
    public static void main(String[] args) { CommandRunner.main(new StreamAppCommand(), args); }

    @Spec CommandSpec spec;

    @Mixin KafkaOptions kafka;

    @Mixin PathRootOptions roots;

    @Mixin HealthOptions health;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Kafka Streams state. Default: ${DEFAULT-VALUE}.")
    Path stateDir = Path.of("data", "stream-state");

    @Option(names = "--stall-timeout", paramLabel = "SECONDS",
            description = "Fail a job being written when no frame of it arrives for this long (its decoder or interpolators gone). Default: ${DEFAULT-VALUE}.")
    long stallTimeoutSeconds = EncoderService.DEFAULT_STALL_TIMEOUT.toSeconds();

    @Override public Integer call() throws InterruptedException {
        if (stallTimeoutSeconds < 1) throw new ParameterException(spec.commandLine(), "--stall-timeout must be at least 1 second, got " + stallTimeoutSeconds);
        String bootstrapServers = kafka.requireBootstrapServers(spec);
        PathRoots confinement = roots.roots();
        kafka.awaitCluster(bootstrapServers);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // The JVM halts once the hooks return, so the hook waits until the services have closed.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try { closed.await(30, TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        }, "inbetween-stop"));
        try (StreamApp app = StreamApp.start(kafka.clientConfig(bootstrapServers), stateDir, Duration.ofSeconds(stallTimeoutSeconds), confinement)) {
            var heartbeat = health.heartbeat();
            while (!stopped.await(1, TimeUnit.SECONDS)) {
                app.checkAlive(); // the reorderer and the encoder both
                heartbeat.beat();
            }
        } finally {
            closed.countDown();
        }
        return 0;
    }
}
