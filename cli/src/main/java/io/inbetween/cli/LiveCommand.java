package io.inbetween.cli;

import io.inbetween.broker.EmbeddedBroker;
import io.inbetween.decoder.LiveOptions;
import io.inbetween.decoder.LiveSourceOptions;
import io.inbetween.decoder.LiveStatus;
import io.inbetween.decoder.source.SourcePolicy;
import io.inbetween.local.JobClient;
import io.inbetween.local.LatencyMeter;
import io.inbetween.local.LocalPipeline;
import io.inbetween.model.options.SynthesisOptions;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.Topics;
import io.inbetween.wire.console.StatusLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/** {@code inbetween live}: a live feed in, a live HLS output at the higher rate out, within a latency budget. */
@Command(name = "live", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Interpolates a live feed in real time: source -> Kafka -> interpolate -> Kafka -> reorder -> HLS or a push.",
                "Runs until the source ends (after the reconnect window) or until Ctrl-C/SIGTERM; then what was read is",
                "written and the playlist is closed (#EXT-X-ENDLIST). Prints a status line about every second: input and",
                "output fps, the quality level, and the added latency (a source frame read to its output frame written).",
                "When the interpolators cannot keep up within --latency-budget, quality steps down (K, then K=0, then a",
                "blend, then the nearest frame) and climbs back once the load drops.",
                "Starts an embedded single-node Kafka broker in this process."},
        footer = {"", "Examples:",
                "  inbetween live udp://@:5000 --hls out/        (then: ffmpeg -re -i clip.mp4 -f mpegts udp://127.0.0.1:5000)",
                "  inbetween live rtmp://example.com/live/key --fps 50 --hls /var/www/live --latency-budget 3s",
                "  inbetween live srt://camera:9000 --push rtmp://media.example.com/live/key50",
                "", ConfigKeys.ENVIRONMENT_NOTE})
public final class LiveCommand implements Callable<Integer> {
    /** The playlist's name inside the --hls folder. */
    static final String PLAYLIST = "index.m3u8";

    @Parameters(index = "0", paramLabel = "SOURCE_URL",
            description = "The live feed: udp://, rtp://, tcp://, srt://, rtmp(s)://, rtsp(s)://, http(s):// (MPEG-TS, FLV, ...).")
    String source;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1")
    UpscaleCommand.RateChoice rate = new UpscaleCommand.RateChoice();

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Output output;

    static final class Output {
        @Option(names = "--hls", required = true, paramLabel = "DIR",
                description = "Write the output as HLS into DIR: DIR/" + PLAYLIST + " and 1 s segments beside it (DIR is created).")
        Path hls;

        @Option(names = "--push", required = true, paramLabel = "URL",
                description = "Push the output to a streaming server: rtmp:// or rtmps:// (FLV), srt://, udp:// or tcp:// (MPEG-TS).")
        String push;
    }

    @Option(names = "--crf", paramLabel = "N", description = "x264 quality, 0 (best) .. 51 (worst). Default: ${DEFAULT-VALUE}.")
    int crf = Encoding.DEFAULT.crf();

    @Option(names = "--preset", paramLabel = "PRESET",
            description = "x264 speed preset; live output must keep up, so it is fast by default. Default: ${DEFAULT-VALUE}.")
    String preset = "veryfast";

    @Mixin SynthesisOptions synthesis;

    @Option(names = "--steps", paramLabel = "K", description = "Diffusion steps at the best level (0 = deterministic). Default: ${DEFAULT-VALUE}.")
    int steps = JobSpec.DEFAULT_STEPS;

    @Option(names = "--interpolators", paramLabel = "N", description = "Interpolator replicas in this process. Default: ${DEFAULT-VALUE}.")
    int interpolators = 1;

    @Mixin LiveSourceOptions live;

    @Option(names = "--status-every", paramLabel = "SECONDS", description = "How often the status line is redrawn. Default: ${DEFAULT-VALUE}.")
    double statusEverySeconds = 1;

    @Option(names = "--verbose", description = "Show every log line during the run, not just warnings and errors (as INBETWEEN_LOG does).")
    boolean verbose;

    @Spec CommandSpec commandSpec;

    @Override public Integer call() throws Exception {
        String url = source.strip();
        if (!SourcePolicy.isNetwork(url))
            throw new IllegalArgumentException(url + " is not a live source URL (for a file, use 'inbetween upscale')");
        // the host typed here is the user's own choice; redirects and other hosts are still checked
        LiveOptions options = live.options(hostOf(url));
        options.policy().check(url);
        if (!(statusEverySeconds > 0)) throw new IllegalArgumentException("--status-every must be positive, got " + statusEverySeconds);
        if (interpolators < 1 || interpolators > 64) throw new IllegalArgumentException("--interpolators must be 1..64, got " + interpolators);
        String target;
        if (output.push != null) {
            target = output.push.strip();
            if (!target.matches("(?i)(rtmps?|srt|udp|tcp)://.+"))
                throw new IllegalArgumentException("--push " + target + " must be an rtmp://, rtmps://, srt://, udp:// or tcp:// URL");
        } else {
            Path dir = output.hls.toAbsolutePath().normalize();
            Files.createDirectories(dir);
            Path playlist = dir.resolve(PLAYLIST);
            if (Files.exists(playlist))
                throw new IllegalArgumentException(dir + " already holds a playlist (" + PLAYLIST + "); choose another folder or delete it");
            target = playlist.toString();
        }
        JobSpec spec = new JobSpec("live-" + UUID.randomUUID().toString().substring(0, 8), url, target, rate.resolve(),
                new Encoding(crf, preset, false), steps, 0, JobSpec.DEFAULT_SCENE_THRESHOLD);
        if (!verbose && System.getenv("INBETWEEN_LOG") == null) ConsoleAppender.quiet();
        SynthesizerOptions synthesizers = synthesis.synthesizerOptions(commandSpec);
        Path work = Files.createTempDirectory("inbetween-live-");
        try (RunInterrupts interrupts = new RunInterrupts(() -> UpscaleCommand.deleteTree(work))) {
            LocalPipeline.Stages stages = new LocalPipeline.Stages(true, interpolators, true);
            try (LocalPipeline.Preload preload = LocalPipeline.Preload.start(synthesizers, interpolators);
                 EmbeddedBroker broker = EmbeddedBroker.startSecured(work.resolve("kafka"))) {
                Topics.ensure(broker.clientConfig());
                try (LocalPipeline pipeline = LocalPipeline.start(broker.clientConfig(), stages, preload, work.resolve("streams"), options,
                        UpscaleCommand.rootsFor(spec, work));
                     JobClient client = new JobClient(broker.clientConfig())) {
                    interrupts.stopWith(() -> client.stop(spec.jobId()),
                            "stopping: the feed is no longer read; what was read is written and the playlist closed");
                    return follow(spec, options, client, pipeline);
                }
            } finally {
                UpscaleCommand.deleteTree(work);
            }
        }
    }

    private int follow(JobSpec spec, LiveOptions options, JobClient client, LocalPipeline pipeline) {
        LatencyMeter latency = new LatencyMeter();
        AtomicLong written = new AtomicLong();
        pipeline.onFrameWritten(publishedAt -> {
            latency.record(System.currentTimeMillis() - publishedAt);
            written.incrementAndGet();
        });
        boolean console = System.console() != null;
        StatusLine status = StatusLine.stderr();
        status.print("live: reading " + spec.input() + " -> " + spec.output() + " (latency budget "
                + seconds(options.latencyBudget().toMillis()) + ", Ctrl-C to stop)");
        client.submit(spec);
        long every = (long) (statusEverySeconds * 1e9);
        long[] last = {System.nanoTime(), 0, 0}; // time, frames read, frames written
        JobEvent end = client.await(spec.jobId(), Duration.ofMillis(200), event -> {
            long now = System.nanoTime();
            if (now - last[0] < every) return;
            LiveStatus s = pipeline.liveStatus();
            long read = s == null || s.feed() == null ? 0 : s.feed().framesRead();
            double dt = (now - last[0]) / 1e9;
            String line = statusLine(s, (read - last[1]) / dt, (written.get() - last[2]) / dt, latency);
            last[0] = now;
            last[1] = read;
            last[2] = written.get();
            if (console) status.show(line);
            else status.print(line);
        }, pipeline::checkAlive);
        status.release();
        if (end.state() == JobState.FAILED) throw new IllegalStateException(end.error());
        if (end.state() == JobState.CANCELLED) throw new IllegalStateException("job " + spec.jobId() + " was cancelled");
        LiveStatus s = pipeline.liveStatus();
        status.print(String.format(Locale.ROOT, "ended %s: %d frames (%.1f s of video); added latency p50 %s, p99 %s, max %s; "
                        + "%d quality changes; %d gaps in the feed",
                spec.output(), end.totalFrames(), end.totalFrames() * end.info().outputRate().den() / (double) end.info().outputRate().num(),
                seconds(latency.quantile(0.5)), seconds(latency.quantile(0.99)), seconds(latency.maxMillis()),
                s == null ? 0 : s.levelChanges(), s == null || s.feed() == null ? 0 : s.feed().gaps()));
        return 0;
    }

    static String statusLine(LiveStatus s, double inFps, double outFps, LatencyMeter latency) {
        return String.format(Locale.ROOT, "in %4.1f fps  out %4.1f fps  level %s  latency p50 %s p99 %s  lag %s%s",
                inFps, outFps, s == null || s.level() == null ? "-" : s.level().label(), seconds(latency.recentQuantile(0.5)),
                seconds(latency.recentQuantile(0.99)), s == null || s.lagSeconds() < 0 ? "-" : seconds(Math.round(s.lagSeconds() * 1000)),
                s == null || s.feed() == null || s.feed().gaps() == 0 ? "" : "  gaps " + s.feed().gaps());
    }

    private static String seconds(long millis) { return millis < 0 ? "-" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0); }

    /** The host a URL names, or null (udp://@:5000 names none). */
    static String hostOf(String url) {
        try {
            String host = new URI(url).getHost();
            return host == null || host.isEmpty() ? null : host;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
