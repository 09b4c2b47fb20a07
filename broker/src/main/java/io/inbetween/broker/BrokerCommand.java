package io.inbetween.broker;

import io.inbetween.wire.options.CommandRunner;

import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code inbetween broker}: a standalone local Kafka on loopback, so that the distributed mode
 * (decoder, interpolators, stream-app as separate processes) can be tried on one machine without
 * Docker. It creates Inbetween's topics, replicated across the nodes, and runs until stopped.
 */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a local Kafka (KRaft) on 127.0.0.1 for the services to share, until Ctrl-C or SIGTERM.",
                "Creates Inbetween's topics. With --nodes 3, a 3-node cluster whose topics have 3 replicas and "
                        + "min.insync.replicas 2, so that one node may stop without losing a job. Its data stays in --data-dir, "
                        + "and a restart on the same directory keeps every topic, job and offset.",
                ConfigKeys.ENVIRONMENT_NOTE},
        footer = {"", "Then, in other terminals:",
                "  ./inbetween decoder --bootstrap-servers 127.0.0.1:9092",
                "  ./inbetween interpolator --bootstrap-servers 127.0.0.1:9092   (one per GPU)",
                "  ./inbetween stream-app --bootstrap-servers 127.0.0.1:9092",
                "  ./inbetween upscale in.mp4 -o out.mp4 --submit-only \\",
                "      --bootstrap-servers 127.0.0.1:9092"})
public final class BrokerCommand implements Callable<Integer> {
    /** The service's own entry point, as its container image runs it. */
    public static void main(String[] args) { CommandRunner.main(new BrokerCommand(), args); }

    @Spec CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "Client port of the first node; node i listens on PORT + i - 1. Default: ${DEFAULT-VALUE}.")
    int port = 9092;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the logs live; kept across restarts. Default: ${DEFAULT-VALUE}.")
    Path dataDir = Path.of("inbetween-kafka");

    @Option(names = "--nodes", paramLabel = "N", description = "Nodes of the cluster (1 to " + EmbeddedBroker.MAX_NODES + "). Default: ${DEFAULT-VALUE}.")
    int nodes = 1;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override public Integer call() throws InterruptedException {
        if (nodes < 1 || nodes > EmbeddedBroker.MAX_NODES)
            throw new ParameterException(spec.commandLine(), "--nodes must be 1 to " + EmbeddedBroker.MAX_NODES + ", got " + nodes);
        if (port < 1 || port + nodes - 1 > 65535) throw new ParameterException(spec.commandLine(), "--port must leave room for " + nodes + " ports below 65536");
        EmbeddedBroker broker = EmbeddedBroker.start(dataDir.toAbsolutePath(), nodes, port);
        Thread hook = new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Topics.ensure(admin, Topics.DEFAULT_PAIR_PARTITIONS, Topics.DEFAULT_FRAME_PARTITIONS, broker.replicationFactor());
        }
        PrintStream out = System.out;
        out.println("Kafka ready at " + broker.bootstrapServers() + " (" + (nodes == 1 ? "1 node" : nodes + " nodes, " + broker.replicationFactor()
                + " replicas per partition") + ", data in " + broker.dataDir() + "). Ctrl-C stops it.");
        out.println("Services: --bootstrap-servers " + broker.bootstrapServers() + "  (or " + ConfigKeys.envName(ConfigKeys.BOOTSTRAP_SERVERS)
                + "=" + broker.bootstrapServers() + ")");
        out.flush();
        stopped.await();
        return 0;
    }
}
