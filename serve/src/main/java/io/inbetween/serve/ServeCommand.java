package io.inbetween.serve;

import io.inbetween.wire.options.CommandRunner;

import io.inbetween.model.options.SynthesisOptions;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.options.KafkaOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import io.inbetween.decoder.LiveOptions;
import io.inbetween.decoder.LiveSourceOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code inbetween serve}: the HTTP API, the web page and the dashboards, with the pipeline's stages. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the upscaling service behind an HTTP API and a web page: upload a video, follow its job, download the result.",
                "Live dashboards at /#dashboard, Prometheus metrics at /metrics, the API described at /api/openapi.json.",
                "Starts the pipeline's stages here, and an embedded Kafka broker unless --bootstrap-servers is given.",
                "Job state lives in Kafka: jobs survive a restart on the same --data-dir (or cluster). Stops cleanly on SIGTERM."},
        footer = {"", "Examples:",
                "  inbetween serve --port 8080 --data-dir /var/lib/inbetween",
                "  inbetween serve --bootstrap-servers kafka:9092 --api-only --api-token s3cret",
                "  curl -F file=@clip.mp4 -F factor=2 http://localhost:8080/api/jobs",
                "", ConfigKeys.ENVIRONMENT_NOTE})
public final class ServeCommand implements Callable<Integer> {
    /** The service's own entry point, as its container image runs it. */
    public static void main(String[] args) { CommandRunner.main(new ServeCommand(), args); }

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Spec CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port = 8080;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 for every interface, e.g. in a container, "
                    + "best with --api-token. Default: ${DEFAULT-VALUE} (this machine only).")
    String host = "127.0.0.1";

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Uploads, outputs, the embedded broker's data and the stream state. Default: ${DEFAULT-VALUE}.")
    Path dataDir = Path.of("data", "serve");

    @Mixin KafkaOptions kafka;

    @Option(names = "--api-only", description = "Run no pipeline stage here: the cluster's services do the work, and must see --data-dir.")
    boolean apiOnly;

    @Option(names = "--interpolators", paramLabel = "N",
            description = "Interpolator replicas in this process (one consumer group). Default: ${DEFAULT-VALUE}.")
    int interpolators = 1;

    @Mixin SynthesisOptions synthesis;

    @Mixin LiveSourceOptions live;

    @Option(names = "--preset", paramLabel = "PRESET",
            description = "x264 preset of jobs that do not choose one (ultrafast .. veryslow). Default: ${DEFAULT-VALUE}.")
    String preset = Encoding.DEFAULT.preset();

    @Option(names = "--max-upload-mb", paramLabel = "MB",
            description = "Largest upload accepted; larger ones get 413 before they are read. Default: ${DEFAULT-VALUE}.")
    long maxUploadMb = ServeSettings.DEFAULT_MAX_UPLOAD_BYTES / (1024 * 1024);

    @Option(names = "--max-active-jobs", paramLabel = "N",
            description = "Jobs queued or running above which new uploads get 429 (nothing is lost: retry later). Default: ${DEFAULT-VALUE}.")
    int maxActiveJobs = ServeSettings.DEFAULT_MAX_ACTIVE_JOBS;

    @Option(names = "--retention", paramLabel = "AGE",
            description = "How long finished jobs and their files are kept: 30m, 12h, 7d or ISO-8601 (PT12H). Default: ${DEFAULT-VALUE}.")
    String retention = "7d";

    @Option(names = "--api-token", paramLabel = "TOKEN",
            description = "Require 'Authorization: Bearer TOKEN' on the API and /metrics. Default: none, the API is open.")
    String apiToken;

    @Override public Integer call() throws InterruptedException {
        ServeSettings settings = settings();
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // The JVM halts once its shutdown hooks return: this one holds it until everything is closed.
        Thread onSigterm = new Thread(() -> {
            stopRequested.countDown();
            try {
                if (!stopped.await(60, TimeUnit.SECONDS)) log.warn("still stopping after 60 s; exiting anyway");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "inbetween-serve-stop");
        if (settings.bootstrapServers() != null) kafka.awaitCluster(settings.bootstrapServers());
        try (ServeApp app = ServeApp.start(settings, settings.bootstrapServers() == null ? Map.of() : kafka.clientConfig(settings.bootstrapServers()))) {
            Runtime.getRuntime().addShutdownHook(onSigterm);
            while (!stopRequested.await(1, TimeUnit.SECONDS)) app.checkAlive(); // a dead stage ends the server with its reason
            log.info("stopping: closing the HTTP server, the pipeline and Kafka");
        } finally {
            stopped.countDown();
            try { Runtime.getRuntime().removeShutdownHook(onSigterm); } catch (IllegalStateException shuttingDown) { /* the hook is running */ }
        }
        log.info("stopped");
        return 0;
    }

    /** Everything that can be checked before anything starts, so a typo fails at once. */
    ServeSettings settings() {
        if (maxUploadMb < 1 || maxUploadMb > 1024L * 1024) throw new IllegalArgumentException("--max-upload-mb must be 1..1048576, got " + maxUploadMb);
        String bootstrapServers = kafka.bootstrapServers();
        SynthesizerOptions synthesis = apiOnly ? null : this.synthesis.synthesizerOptions(spec);
        if (apiOnly && bootstrapServers == null)
            throw new IllegalArgumentException("--api-only needs --bootstrap-servers: with an embedded broker nothing else would do the work");
        if (apiToken == null && !isLoopback(host))
            log.warn("listening on {} without --api-token: anyone who can reach this address can upload and delete jobs", host);
        return new ServeSettings(host, port, dataDir, bootstrapServers, !apiOnly, interpolators, synthesis, maxUploadMb * 1024 * 1024,
                parseAge(retention), apiToken, maxActiveJobs, preset, Duration.ofSeconds(30), liveOptions());
    }

    /** The live-source options, with listening sockets bound where the server listens unless --source-bind says otherwise. */
    private LiveOptions liveOptions() {
        LiveOptions options = live.options();
        return options.policy().bindAddress() != null ? options : options.withPolicy(options.policy().bindingTo(host));
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    /** "30m", "12h", "7d", "90s" or ISO-8601 ("PT12H", "P7D"). */
    static Duration parseAge(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.matches("\\d+[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return t.startsWith("p") && t.contains("d") && !t.contains("t")
                    ? Duration.ofDays(java.time.Period.parse(text.strip()).getDays()) : Duration.parse(text.strip());
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("--retention '" + text + "' is not an age: use 30m, 12h, 7d or ISO-8601 like PT12H");
        }
    }
}
