package io.inbetween.serve;

import io.inbetween.decoder.LiveOptions;
import io.inbetween.decoder.source.SourcePolicy;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.wire.Encoding;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How `serve` runs: where it listens, where it keeps files, which cluster it uses, which stages
 * run in this process, and the limits that keep it safe.
 *
 * @param bootstrapServers the Kafka cluster, or null to start an embedded broker in {@code dataDir/kafka}
 * @param interpolators    interpolator replicas in this process; with {@code runPipeline} false, no stage runs here
 * @param apiToken         the bearer token the API asks for, or null for an open API
 * @param maxActiveJobs    jobs queued or running (uploads arriving included) above which new ones get 429
 * @param live             what live sources may reach (internal hosts are refused unless allowed), where they bind, their budget
 */
public record ServeSettings(String host, int port, Path dataDir, String bootstrapServers, boolean runPipeline, int interpolators,
                            SynthesizerOptions synthesis, long maxUploadBytes, Duration retention, String apiToken,
                            int maxActiveJobs, String defaultPreset, Duration probeTimeout, LiveOptions live) {
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 2048L * 1024 * 1024;
    public static final int DEFAULT_MAX_ACTIVE_JOBS = 16;

    public ServeSettings {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535 (0 = any free port), got " + port);
        if (dataDir == null) throw new IllegalArgumentException("--data-dir is required");
        if (bootstrapServers != null && bootstrapServers.isBlank()) bootstrapServers = null;
        if (interpolators < 0 || interpolators > 64) throw new IllegalArgumentException("--interpolators must be 0..64, got " + interpolators);
        if (runPipeline && synthesis == null) throw new IllegalArgumentException("running the pipeline needs synthesizer options");
        if (maxUploadBytes < 1) throw new IllegalArgumentException("--max-upload-mb must be 1 or more");
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("--retention must be positive, got " + retention);
        if (apiToken != null && apiToken.isBlank()) apiToken = null;
        if (maxActiveJobs < 1) throw new IllegalArgumentException("--max-active-jobs must be 1 or more, got " + maxActiveJobs);
        if (probeTimeout.isNegative() || probeTimeout.isZero()) throw new IllegalArgumentException("the probe timeout must be positive");
        if (live == null) live = LiveOptions.DEFAULT.withPolicy(SourcePolicy.DEFAULT.bindingTo(host));
    }

    /** Settings for a server on any free port with the defaults of the command line. */
    public static ServeSettings defaults(Path dataDir, SynthesizerOptions synthesis) {
        return new ServeSettings("127.0.0.1", 0, dataDir, null, true, 1, synthesis, DEFAULT_MAX_UPLOAD_BYTES, Duration.ofDays(7), null,
                DEFAULT_MAX_ACTIVE_JOBS, Encoding.DEFAULT.preset(), Duration.ofSeconds(30), null);
    }

    public ServeSettings withBootstrapServers(String servers) {
        return new ServeSettings(host, port, dataDir, servers, runPipeline, interpolators, synthesis, maxUploadBytes, retention, apiToken,
                maxActiveJobs, defaultPreset, probeTimeout, live);
    }

    public ServeSettings withApiToken(String token) {
        return new ServeSettings(host, port, dataDir, bootstrapServers, runPipeline, interpolators, synthesis, maxUploadBytes, retention,
                token, maxActiveJobs, defaultPreset, probeTimeout, live);
    }

    public ServeSettings withLimits(long maxUploadBytes, int maxActiveJobs, Duration retention) {
        return new ServeSettings(host, port, dataDir, bootstrapServers, runPipeline, interpolators, synthesis, maxUploadBytes, retention,
                apiToken, maxActiveJobs, defaultPreset, probeTimeout, live);
    }

    public ServeSettings withLive(LiveOptions live) {
        return new ServeSettings(host, port, dataDir, bootstrapServers, runPipeline, interpolators, synthesis, maxUploadBytes, retention,
                apiToken, maxActiveJobs, defaultPreset, probeTimeout, live);
    }

    public ServeSettings withPreset(String preset) {
        return new ServeSettings(host, port, dataDir, bootstrapServers, runPipeline, interpolators, synthesis, maxUploadBytes, retention,
                apiToken, maxActiveJobs, preset, probeTimeout, live);
    }
}
