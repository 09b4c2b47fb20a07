package io.inbetween.app.cli;

import io.inbetween.app.pipeline.LocalPipeline;
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
        try (LocalPipeline pipeline = LocalPipeline.start(bootstrapServers, new LocalPipeline.Stages(false, 0, true), null, stateDir)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "inbetween-stop"));
            while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) pipeline.checkAlive();
        }
        return 0;
    }
}
