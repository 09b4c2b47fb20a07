package io.inbetween.broker;

import ch.qos.logback.classic.Level;
import io.inbetween.wire.KafkaLimits;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A single-node Kafka (KRaft, broker and controller in one) running inside this JVM, so that
 * {@code ./inbetween upscale} needs nothing but Java. Its data survives a restart on the same
 * directory: a broker started again there keeps every topic, offset and changelog, and gets the
 * same ports back when they are still free, so clients holding the old address reconnect.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String CONFIG_FILE = "server.properties";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final String bootstrapServers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(KafkaRaftServer server, Path dataDir, boolean ownsDataDir, String bootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker and returns once it answers clients.
     *
     * @param dataDir where the logs live; created if missing, reused (data kept) if it holds a
     *                broker already; null for a temporary directory deleted on {@link #close()}
     */
    public static EmbeddedBroker start(Path dataDir) {
        quietKafkaLogs();
        boolean temporary = dataDir == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("inbetween-kafka-") : Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the Kafka data directory " + dataDir + ": " + e, e);
        }
        KafkaRaftServer server = null;
        try {
            Properties props = brokerProperties(dir);
            formatIfNew(dir, props);
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + props.getProperty("inbetween.broker.port");
            awaitReady(bootstrap);
            log.info("Kafka broker ready at {} (data in {}{})", bootstrap, dir, temporary ? ", temporary" : "");
            return new EmbeddedBroker(server, dir, temporary, bootstrap);
        } catch (RuntimeException e) {
            if (server != null) stop(server);
            if (temporary) deleteTree(dir);
            throw e;
        }
    }

    /** host:port for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() { return bootstrapServers; }

    public Path dataDir() { return dataDir; }

    /** Stops the broker; the data stays unless the directory was temporary. */
    @Override public void close() {
        if (!closed.compareAndSet(false, true)) return;
        long start = System.nanoTime();
        stop(server);
        if (ownsDataDir) deleteTree(dataDir);
        log.info("Kafka broker at {} stopped in {} ms", bootstrapServers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    /** The configuration, with the ports of a previous run on this directory when they are still free. */
    private static Properties brokerProperties(Path dir) {
        Properties previous = new Properties();
        Path file = dir.resolve(CONFIG_FILE);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                previous.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        int brokerPort = reusePort(previous.getProperty("inbetween.broker.port"), -1);
        int controllerPort = reusePort(previous.getProperty("inbetween.controller.port"), brokerPort);

        Properties p = new Properties();
        p.put("inbetween.broker.port", Integer.toString(brokerPort));
        p.put("inbetween.controller.port", Integer.toString(controllerPort));
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toAbsolutePath().toString());
        // One node: every internal topic has one replica, and a write is safe once that replica has it.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner's dedupe map is a heap buffer of 128 MB by default, held for good: a
        // quarter of the pipeline's heap. Compacted topics here hold a few thousand keys.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // Topics are made by Topics.ensure with the right partitions and size limits; a topic
        // created on the fly by a producer would have neither and would refuse large frames.
        p.put("auto.create.topics.enable", "false");
        p.putAll(KafkaLimits.broker());

        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "Inbetween embedded Kafka broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return p;
    }

    /** Writes the KRaft metadata that a new log directory needs; a directory from an earlier run is kept as it is. */
    private static void formatIfNew(Path dir, Properties props) {
        if (Files.exists(dir.resolve("logs").resolve("meta.properties"))) return;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", dir.resolve(CONFIG_FILE).toString()}, out);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka data directory " + dir + ": " + e.getMessage(), e);
        }
        if (code != 0)
            throw new IllegalStateException("cannot format the Kafka data directory " + dir + ": "
                    + output.toString(StandardCharsets.UTF_8).trim().replace('\n', ' '));
    }

    private static void awaitReady(String bootstrap) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        try (Admin admin = Admin.create(config)) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(4, TimeUnit.SECONDS).isEmpty()) return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                } catch (Exception e) {
                    last = e;
                }
                sleep(100);
            }
            throw new IllegalStateException("the embedded Kafka broker at " + bootstrap + " did not answer within "
                    + READY_TIMEOUT.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
        }
    }

    private static int reusePort(String previous, int exclude) {
        if (previous != null) {
            int port = Integer.parseInt(previous);
            if (port != exclude && isFree(port)) return port;
        }
        while (true) {
            int port = freePort(0);
            if (port != exclude) return port;
        }
    }

    private static boolean isFree(int port) {
        try {
            freePort(port);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static int freePort(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kafka logs a great deal at INFO; keep it at WARN unless the logging config says otherwise. */
    private static void quietKafkaLogs() {
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context)) return;
        for (String name : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
            ch.qos.logback.classic.Logger logger = context.getLogger(name);
            if (logger.getLevel() == null) logger.setLevel(Level.WARN);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete the temporary Kafka directory {}: {}", dir, e.toString());
        }
    }
}
