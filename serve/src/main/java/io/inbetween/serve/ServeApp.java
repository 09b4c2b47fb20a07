package io.inbetween.serve;

import io.inbetween.wire.PathRoots;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inbetween.wire.KafkaClients;
import io.inbetween.wire.Topics;
import io.inbetween.broker.EmbeddedBroker;
import io.inbetween.local.JobClient;
import io.inbetween.local.LocalPipeline;
import io.inbetween.interpolator.InterpolatorStats;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The whole server: Kafka (embedded unless a cluster is given), the pipeline's stages, the job
 * board that follows the jobs topic, the metrics, and the HTTP server. Closing it stops all of
 * them in reverse order.
 */
public final class ServeApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServeApp.class);

    private final List<AutoCloseable> resources = new ArrayList<>(); // closed in reverse
    private LocalPipeline pipeline;
    private Javalin http;
    private HttpApi api;
    private String bootstrapServers;
    private Map<String, Object> kafkaConfig;
    private PrometheusMeterRegistry registry;

    private ServeApp() {}

    /** Starts everything; returns once the HTTP server listens. */
    public static ServeApp start(ServeSettings s) { return start(s, Map.of()); }

    /** ... with client settings for an external cluster beyond its servers (--kafka: credentials, TLS). */
    public static ServeApp start(ServeSettings s, Map<String, ?> clientSettings) {
        ServeApp app = new ServeApp();
        try {
            app.startAll(s, clientSettings);
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void startAll(ServeSettings s, Map<String, ?> clientSettings) {
        JobFiles files = new JobFiles(s.dataDir());
        if (s.bootstrapServers() == null) {
            // any local process can reach a loopback port: without the secret in the data folder it can queue nothing
            EmbeddedBroker broker = EmbeddedBroker.startSecured(files.root().resolve("kafka"));
            resources.add(broker);
            kafkaConfig = broker.clientConfig();
        } else {
            kafkaConfig = new java.util.HashMap<>(clientSettings);
            kafkaConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        }
        kafkaConfig = Map.copyOf(kafkaConfig);
        bootstrapServers = String.valueOf(kafkaConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        Topics.ensure(kafkaConfig);
        if (s.runPipeline()) {
            pipeline = LocalPipeline.start(kafkaConfig, new LocalPipeline.Stages(true, s.interpolators(), true), s.synthesis(),
                    files.root().resolve("streams"), s.live(), PathRoots.of(List.of(files.root()), List.of(files.root())));
            resources.add(pipeline);
        }

        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        resources.add(registry::close);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        resources.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);

        JobClient client = new JobClient(kafkaConfig);
        resources.add(client);
        JobBoard board = new JobBoard(client);
        if (pipeline != null) board.readLiveStatusFrom(pipeline::liveStatus);
        board.start();
        resources.add(board);
        Map<String, Object> lagClient = new java.util.HashMap<>(kafkaConfig);
        lagClient.putAll(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "inbetween-serve-lag", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
        Admin admin = Admin.create(lagClient);
        resources.add(admin);
        KafkaClients clients = client.kafkaClients();
        if (pipeline != null) clients = clients.and(pipeline.kafkaClients());
        KafkaClientMeters kafka = new KafkaClientMeters(registry, clients,
                pipeline != null && pipeline.streamApp() != null ? pipeline.streamApp().streams() : null);
        resources.add(kafka);
        KafkaTraffic traffic = new KafkaTraffic(registry, kafka);
        ConsumerLag lag = new ConsumerLag(admin, registry);
        LocalPipeline stages = pipeline;
        Supplier<List<InterpolatorStats>> interpolators = stages == null ? List::of : stages::interpolatorStats;
        PipelineMeters.bind(registry, stages, board);
        if (stages != null) {
            Timer latency = PipelineMeters.latencyTimer(registry);
            stages.onFrameWritten(publishedAt -> PipelineMeters.recordLatency(latency, publishedAt));
        }

        ObjectMapper json = new ObjectMapper();
        DashboardFeed feed = new DashboardFeed(registry, board, files, lag, kafka, traffic, interpolators, json);
        // frames too large for this JVM's heap are refused at upload only when the stages run here
        long heap = pipeline != null ? Runtime.getRuntime().maxMemory() : Long.MAX_VALUE;
        JobIntake intake = new JobIntake(client, board, files, s.defaultPreset(), s.probeTimeout(), heap, s.live().policy());
        resources.add(intake);
        Admission admission = new Admission(s.maxActiveJobs(), board::activeCount);
        Retention retention = new Retention(board, files, client, s.retention());

        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "inbetween-serve-timer");
            t.setDaemon(true);
            return t;
        });
        resources.add(timers::shutdownNow);
        timers.scheduleAtFixedRate(guard("dashboard", feed::tick), 1, 1, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(guard("consumer lag", lag::sample), 0, 2, TimeUnit.SECONDS);
        long sweepSeconds = Math.max(1, Math.min(300, s.retention().toSeconds() / 4));
        timers.scheduleWithFixedDelay(guard("retention", retention::sweep), sweepSeconds, sweepSeconds, TimeUnit.SECONDS);

        api = new HttpApi(client, board, files, intake, admission, new BearerToken(s.apiToken()), feed, registry, this::pipelineAlive,
                s.maxUploadBytes(), json);
        http = Javalin.create(api::configure);
        try {
            http.start(s.host(), s.port());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + s.host() + ":" + s.port() + " (is the port taken? try --port): " + e.getMessage(), e);
        }
        resources.add(http::stop);
        resources.add(feed::closeClients); // SSE requests never end by themselves: close them before the server stops
        log.info("serving on http://{}:{}/ (data in {}, Kafka at {}{}, {}{})", s.host(), http.port(), files.root(), bootstrapServers,
                s.bootstrapServers() == null ? " embedded" : "", s.runPipeline() ? "pipeline here with " + s.interpolators() + " interpolator(s)" : "API only",
                s.apiToken() != null ? ", API token required" : "");
    }

    private static Runnable guard(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} update failed: {}", what, e.toString());
            }
        };
    }

    /** The port the HTTP server listens on (useful with port 0). */
    public int port() { return http.port(); }

    public String bootstrapServers() { return bootstrapServers; }

    /** Everything a client of this server's cluster needs (the embedded broker's credentials included). */
    public Map<String, Object> kafkaConfig() { return kafkaConfig; }

    /** Throws if a stage of the in-process pipeline has died. */
    public void checkAlive() { if (pipeline != null) pipeline.checkAlive(); }

    boolean pipelineAlive() {
        try {
            checkAlive();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    List<String> routes() { return api.routes(); }

    PrometheusMeterRegistry registry() { return registry; }

    @Override public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("stopping the server: {}", e.toString());
            }
        }
        resources.clear();
    }
}
