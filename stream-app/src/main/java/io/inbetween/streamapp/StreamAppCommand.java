package io.inbetween.streamapp;

import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code inbetween stream-app}: the reorderer and the encoder as a long-running service. */
@Command(name = "stream-app", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the reorderer (Kafka Streams) and the encoder against a Kafka cluster until stopped.",
                "Output files are written to the paths named in each job, so this service must see them."})
public final class StreamAppCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, defaultValue = "${env:INBETWEEN_BOOTSTRAP_SERVERS}",
            paramLabel = "HOST:PORT", description = "Kafka cluster (env INBETWEEN_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--state-dir", defaultValue = "${env:INBETWEEN_STATE_DIR:-data/stream-state}", paramLabel = "DIR",
            description = "Kafka Streams state (env INBETWEEN_STATE_DIR). Default: ${DEFAULT-VALUE}.")
    Path stateDir;

    @Override public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // The JVM halts once the hooks return, so the hook waits until the services have closed.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try { closed.await(30, java.util.concurrent.TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        }, "inbetween-stop"));
        try (StreamApp app = StreamApp.start(java.util.Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), stateDir)) {
            while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) app.checkAlive();
        } finally {
            closed.countDown();
        }
        return 0;
    }
}
