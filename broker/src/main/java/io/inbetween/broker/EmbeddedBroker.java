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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Kafka (KRaft, each node broker and controller in one) running inside this JVM, so that
 * {@code ./inbetween upscale} needs nothing but Java and {@code ./inbetween broker --nodes 3} is a
 * real replicated cluster on loopback. Its data survives a restart on the same directory: a
 * cluster started again there keeps every topic, offset and changelog, and gets the same ports
 * back when they are still free, so clients holding the old address reconnect.
 * <p>
 * One node lives in the data directory itself; a cluster of n puts node i in {@code node-i/}.
 * Every listener binds loopback only.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String CONFIG_FILE = "server.properties";
    /** Where a secured broker keeps its clients' password. */
    public static final String SECRET_FILE = "client.secret";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** A cluster replicates each partition this many times (fewer when it has fewer nodes). */
    public static final int MAX_REPLICATION = 3;
    public static final int MAX_NODES = 9;

    /** One node: its configuration, and its running server while it runs. */
    private static final class Node {
        final int id;
        final Path dir;
        final Properties props;
        volatile KafkaRaftServer server;

        Node(int id, Path dir, Properties props) {
            this.id = id;
            this.dir = dir;
            this.props = props;
        }

        String address() { return "127.0.0.1:" + props.getProperty("inbetween.broker.port"); }
    }

    private final List<Node> nodes;
    private final Path dataDir;
    private final boolean ownsDataDir;
    /** The password of the one SASL user, or null for a broker without authentication. */
    private final String secret;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(List<Node> nodes, Path dataDir, boolean ownsDataDir, String secret) {
        this.secret = secret;
        this.nodes = List.copyOf(nodes);
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
    }

    /**
     * Starts a single-node broker on free ports and returns once it answers clients.
     *
     * @param dataDir where the logs live; created if missing, reused (data kept) if it holds a
     *                broker already; null for a temporary directory deleted on {@link #close()}
     */
    public static EmbeddedBroker start(Path dataDir) { return start(dataDir, 1, 0); }

    /**
     * Starts {@code nodeCount} nodes and returns once all of them answer clients.
     *
     * @param firstPort client port of node 1, node i gets {@code firstPort + i - 1}; 0 for free
     *                  ports (those of an earlier run on this directory when still free)
     */
    public static EmbeddedBroker start(Path dataDir, int nodeCount, int firstPort) { return start(dataDir, nodeCount, firstPort, false); }

    /**
     * A single-node broker that only clients with its secret may use: SASL/PLAIN on every
     * listener, for one user whose password is made at the first start and kept in
     * {@code dataDir/}{@value #SECRET_FILE}, readable by this user alone. Clients get it with
     * {@link #clientConfig()}. Any local process can reach a loopback port; without the secret it
     * can neither read nor queue work.
     */
    public static EmbeddedBroker startSecured(Path dataDir) { return start(dataDir, 1, 0, true); }

    private static EmbeddedBroker start(Path dataDir, int nodeCount, int firstPort, boolean secured) {
        if (nodeCount < 1 || nodeCount > MAX_NODES)
            throw new IllegalArgumentException("a local cluster has 1 to " + MAX_NODES + " nodes, got " + nodeCount);
        if (firstPort < 0 || firstPort + nodeCount - 1 > 65535) throw new IllegalArgumentException("port " + firstPort + " is out of range");
        quietKafkaLogs();
        boolean temporary = dataDir == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("inbetween-kafka-") : Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the Kafka data directory " + dataDir + ": " + e, e);
        }
        EmbeddedBroker cluster = null;
        try {
            String secret = secured ? Credentials.secret(dir.resolve(SECRET_FILE)) : null;
            cluster = new EmbeddedBroker(configure(dir, nodeCount, firstPort, secret), dir, temporary, secret);
            cluster.format();
            cluster.startAll();
            log.info("Kafka {} ready at {} (data in {}{})", nodeCount == 1 ? "broker" : nodeCount + "-node cluster",
                    cluster.bootstrapServers(), dir, temporary ? ", temporary" : "");
            return cluster;
        } catch (RuntimeException e) {
            if (cluster != null) cluster.close();
            else if (temporary) deleteTree(dir);
            throw e;
        }
    }

    /** host:port of every node, comma-separated, for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() { return String.join(",", nodes.stream().map(Node::address).toList()); }

    /** Everything a client needs: the servers, and the credentials when the broker has them. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new java.util.HashMap<>(Credentials.client(secret));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /** Whether clients must authenticate. */
    public boolean secured() { return secret != null; }

    public Path dataDir() { return dataDir; }

    public int nodeCount() { return nodes.size(); }

    /** The replication factor that topics on this cluster should have. */
    public short replicationFactor() { return (short) Math.min(MAX_REPLICATION, nodes.size()); }

    /** Stops node {@code id} (1-based) as a crash would leave it: data kept, clients cut off. */
    public void stopNode(int id) {
        Node n = node(id);
        KafkaRaftServer server = n.server;
        if (server == null) return;
        n.server = null;
        stop(server);
        log.info("Kafka node {} at {} stopped", id, n.address());
    }

    /** Starts a stopped node again on its data and ports. */
    public void startNode(int id) {
        Node n = node(id);
        if (n.server != null) return;
        launch(n);
        awaitReady(n.address());
        log.info("Kafka node {} at {} started again", id, n.address());
    }

    /** Stops every node; the data stays unless the directory was temporary. */
    @Override public void close() {
        if (!closed.compareAndSet(false, true)) return;
        long start = System.nanoTime();
        String address = bootstrapServers();
        // All at once: a node stopping after the others have gone would wait out the timeouts of a lost quorum.
        List<Thread> stoppers = new ArrayList<>();
        for (Node n : nodes) {
            KafkaRaftServer server = n.server;
            n.server = null;
            if (server == null) continue;
            Thread t = new Thread(() -> stop(server), "kafka-node-" + n.id + "-stop");
            stoppers.add(t);
            t.start();
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (ownsDataDir) deleteTree(dataDir);
        log.info("Kafka at {} stopped in {} ms", address, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private Node node(int id) {
        if (id < 1 || id > nodes.size()) throw new IllegalArgumentException("no node " + id + " in a cluster of " + nodes.size());
        return nodes.get(id - 1);
    }

    /** Each node's directory and configuration; ports are chosen for all nodes first, as every node lists every controller. */
    private static List<Node> configure(Path dir, int count, int firstPort, String secret) {
        List<Path> dirs = new ArrayList<>();
        List<Properties> previous = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Path d = count == 1 ? dir : dir.resolve("node-" + i);
            dirs.add(d);
            previous.add(readConfig(d));
        }
        Set<Integer> taken = new HashSet<>();
        int[] brokerPorts = new int[count], controllerPorts = new int[count];
        for (int i = 0; i < count; i++) {
            if (firstPort > 0) {
                brokerPorts[i] = firstPort + i;
                if (!isFree(brokerPorts[i]))
                    throw new IllegalStateException("port " + brokerPorts[i] + " on 127.0.0.1 is in use; stop what holds it or choose another with --port");
            } else {
                brokerPorts[i] = reusePort(previous.get(i).getProperty("inbetween.broker.port"), taken);
            }
            taken.add(brokerPorts[i]);
        }
        for (int i = 0; i < count; i++) {
            controllerPorts[i] = reusePort(previous.get(i).getProperty("inbetween.controller.port"), taken);
            taken.add(controllerPorts[i]);
        }
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < count; i++) voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllerPorts[i]);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Properties p = nodeProperties(dirs.get(i), i + 1, brokerPorts[i], controllerPorts[i], voters.toString(), count);
            if (secret != null) p.putAll(Credentials.broker(secret, brokerPorts[i], controllerPorts[i]));
            writeConfig(dirs.get(i), p);
            nodes.add(new Node(i + 1, dirs.get(i), p));
        }
        return nodes;
    }

    private static Properties nodeProperties(Path dir, int id, int brokerPort, int controllerPort, String voters, int count) {
        String replicas = Integer.toString(Math.min(MAX_REPLICATION, count));
        // With three replicas a write is safe once two have it, so one node may be down; one node has only itself.
        String minInSync = Integer.toString(Math.max(1, Math.min(MAX_REPLICATION, count) - 1));
        Properties p = new Properties();
        p.put("inbetween.broker.port", Integer.toString(brokerPort));
        p.put("inbetween.controller.port", Integer.toString(controllerPort));
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(id));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toAbsolutePath().toString());
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minInSync);
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minInSync);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minInSync);
        p.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner's dedupe map is a heap buffer of 128 MB by default, held for good: a
        // quarter of the pipeline's heap. Compacted topics here hold a few thousand keys.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // Topics are made by Topics.ensure with the right partitions and size limits; a topic
        // created on the fly by a producer would have neither and would refuse large frames.
        p.put("auto.create.topics.enable", "false");
        p.putAll(KafkaLimits.broker());
        return p;
    }

    private static Properties readConfig(Path dir) {
        Properties previous = new Properties();
        Path file = dir.resolve(CONFIG_FILE);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                previous.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return previous;
    }

    private static void writeConfig(Path dir, Properties p) {
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(dir.resolve(CONFIG_FILE))) {
                p.store(out, "Inbetween embedded Kafka node");
            }
            Credentials.ownerOnly(dir.resolve(CONFIG_FILE)); // a secured broker's settings hold its secret
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(CONFIG_FILE), e);
        }
    }

    /**
     * Writes the KRaft metadata that new log directories need, one cluster id for all; nodes
     * from an earlier run are kept as they are, and a directory that holds a cluster of another
     * size is refused rather than mixed.
     */
    private void format() {
        List<Node> fresh = nodes.stream().filter(n -> !Files.exists(n.dir.resolve("logs").resolve("meta.properties"))).toList();
        if (fresh.isEmpty()) return;
        if (fresh.size() != nodes.size())
            throw new IllegalStateException("the Kafka data directory " + dataDir + " holds only part of a " + nodes.size()
                    + "-node cluster; start it with the node count it was made with, or use a new --data-dir");
        if (nodes.size() > 1 && Files.exists(dataDir.resolve("logs").resolve("meta.properties")))
            throw new IllegalStateException("the Kafka data directory " + dataDir + " holds a single-node broker; use a new --data-dir for a cluster");
        String clusterId = Uuid.randomUuid().toString();
        for (Node n : fresh) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int code;
            try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                code = StorageTool.execute(new String[] {"format", "--cluster-id", clusterId,
                        "--config", n.dir.resolve(CONFIG_FILE).toString()}, out);
            } catch (Exception e) {
                throw new IllegalStateException("cannot format the Kafka data directory " + n.dir + ": " + e.getMessage(), e);
            }
            if (code != 0)
                throw new IllegalStateException("cannot format the Kafka data directory " + n.dir + ": "
                        + output.toString(StandardCharsets.UTF_8).trim().replace('\n', ' '));
        }
    }

    /** Starts every node at once (a node's broker waits for a controller quorum, a majority of nodes), then waits for each. */
    private void startAll() {
        List<Thread> starters = new ArrayList<>();
        List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Node n : nodes) {
            Thread t = new Thread(() -> {
                try {
                    launch(n);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "kafka-node-" + n.id + "-start");
            starters.add(t);
            t.start();
        }
        for (Thread t : starters) {
            try {
                t.join(READY_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting Kafka", e);
            }
        }
        if (!failures.isEmpty()) throw failures.get(0);
        awaitReady(bootstrapServers());
    }

    private static void launch(Node n) {
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(n.props, false), Time.SYSTEM);
        server.startup();
        n.server = server;
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private void awaitReady(String bootstrap) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        long running = nodes.stream().filter(n -> n.server != null).count();
        Map<String, Object> config = new java.util.HashMap<>(Credentials.client(secret));
        config.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000));
        try (Admin admin = Admin.create(config)) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().nodes().get(4, TimeUnit.SECONDS).size() >= running) return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                } catch (Exception e) {
                    last = e;
                }
                sleep(100);
            }
            throw new IllegalStateException("the embedded Kafka at " + bootstrap + " did not answer within "
                    + READY_TIMEOUT.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
        }
    }

    private static int reusePort(String previous, Set<Integer> taken) {
        if (previous != null) {
            int port = Integer.parseInt(previous);
            if (!taken.contains(port) && isFree(port)) return port;
        }
        while (true) {
            int port = freePort(0);
            if (!taken.contains(port)) return port;
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
