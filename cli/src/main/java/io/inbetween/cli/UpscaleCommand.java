package io.inbetween.cli;

import java.util.Map;

import java.util.List;

import io.inbetween.decoder.LiveOptions;

import io.inbetween.wire.PathRoots;

import io.inbetween.broker.EmbeddedBroker;
import io.inbetween.local.JobClient;
import io.inbetween.local.LocalPipeline;
import io.inbetween.streamapp.encode.VideoEncoder;
import io.inbetween.decoder.VideoProbe;
import io.inbetween.model.options.SynthesisOptions;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.wire.FlowLimits;
import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.Rational;
import io.inbetween.wire.Topics;
import io.inbetween.wire.VideoInfo;
import io.inbetween.wire.console.ProgressBar;
import io.inbetween.wire.console.StatusLine;
import io.inbetween.wire.options.EncodingOptions;
import io.inbetween.wire.options.KafkaOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code inbetween upscale}: one video in, one higher-frame-rate video out, on one machine. */
@Command(name = "upscale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Raises the frame rate of a video file: decode -> Kafka -> interpolate -> Kafka -> reorder -> encode.",
                "Starts an embedded single-node Kafka broker in this process unless --bootstrap-servers is given.",
                "Exits 0 only when the output file is complete and closed."},
        footer = {"", "Examples:",
                "  inbetween upscale clip.mp4 -o clip-2x.mp4",
                "  inbetween upscale film.mkv -o film60.mkv --fps 60000/1001 --lossless",
                "  inbetween upscale clip.mp4 -o clip-4x.mp4 --factor 4 --synthesizer blend",
                "", ConfigKeys.ENVIRONMENT_NOTE})
public final class UpscaleCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(UpscaleCommand.class);
    static final Set<String> CONTAINERS = Set.of("mp4", "mkv", "mov");

    @Parameters(index = "0", paramLabel = "INPUT", description = "Video file to upscale (anything FFmpeg reads: mp4, mkv, mov, avi, webm...).")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT", description = "Output file: .mp4, .mov or .mkv.")
    Path output;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    RateChoice rate = new RateChoice();

    static final class RateChoice {
        @Option(names = "--factor", paramLabel = "N", description = "Multiply the source frame rate by N (2, 3, 4...). Default: 2.")
        Integer factor;
        @Option(names = "--fps", paramLabel = "RATE", description = "Absolute output rate: 60, 59.94 or 60000/1001.")
        String fps;

        OutputRate resolve() {
            if (fps != null) return OutputRate.fps(Rational.parse(fps));
            return OutputRate.factor(factor == null ? 2 : factor);
        }
    }

    @Mixin EncodingOptions encoding;

    @Mixin SynthesisOptions synthesis;

    @Option(names = "--steps", paramLabel = "K", description = "Diffusion steps: 0 = deterministic fast path, more = more detail. Default: ${DEFAULT-VALUE}.")
    int steps = JobSpec.DEFAULT_STEPS;

    @Option(names = "--seed", paramLabel = "N", description = "Sampling seed; the same seed gives the same frames. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--scene-threshold", paramLabel = "S", description = "Scene-cut score (0..1) above which frames are not morphed. Default: ${DEFAULT-VALUE}.")
    double sceneThreshold = JobSpec.DEFAULT_SCENE_THRESHOLD;

    @Option(names = "--interpolators", paramLabel = "N", description = "Interpolator replicas in this process (one consumer group). Default: ${DEFAULT-VALUE}.")
    int interpolators = 1;

    @Mixin KafkaOptions kafka;

    @Option(names = "--submit-only", description = "With --bootstrap-servers: only submit the job and follow it; the cluster's services do the work.")
    boolean submitOnly;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the embedded broker's data and the stream state here (default: a temporary folder, deleted at exit).")
    Path dataDir;

    @Option(names = "--job-id", paramLabel = "ID", description = "Job id (default: the input's name and a random suffix).")
    String jobId;

    @Option(names = "--progress-every", paramLabel = "SECONDS",
            description = "Without a terminal (a log, a pipe), print a progress line this often. Default: ${DEFAULT-VALUE}.")
    double progressEverySeconds = 5;

    @Option(names = "--verbose", description = "Show every log line during the run, not just warnings and errors (as INBETWEEN_LOG does).")
    boolean verbose;

    @Spec CommandSpec commandSpec;

    @Override public Integer call() throws Exception {
        JobSpec spec = validate();
        if (!verbose && System.getenv("INBETWEEN_LOG") == null) ConsoleAppender.quiet(); // the bar tells the progress
        SynthesizerOptions options = submitOnly ? null : synthesis.synthesizerOptions(commandSpec);
        String bootstrapServers = kafka.bootstrapServers();
        VideoInfo info = VideoProbe.probe(spec.input(), spec.rate());
        String heap = submitOnly ? null : FlowLimits.heapShortfall(info.width(), info.height(), Runtime.getRuntime().maxMemory());
        if (heap != null) throw new IllegalArgumentException(heap);
        log.info("{}: {}x{} {} fps ({}) -> {} fps{}", spec.input(), info.width(), info.height(), info.sourceRate(), info.codec(),
                info.outputRate(), info.hasAudio() ? ", audio " + info.audioChannels() + " ch" : ", no audio");
        Path work = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("inbetween-");
        Path temporaryWork = dataDir == null ? work : null;
        Path partial = VideoEncoder.partialPath(Path.of(spec.output()).toAbsolutePath().normalize());
        // installed until the very end, so that a Ctrl-C while the broker stops still cleans up
        try (RunInterrupts interrupts = new RunInterrupts(() -> {
            deleteQuietly(partial);
            // the stages still run and may add files as the tree goes: a few passes
            for (int pass = 0; pass < 5 && temporaryWork != null && !deleteTree(temporaryWork); pass++) pause(50);
        })) {
            LocalPipeline.Stages stages = submitOnly ? new LocalPipeline.Stages(false, 0, false) : new LocalPipeline.Stages(true, interpolators, true);
            // the model loads while the broker starts
            try (LocalPipeline.Preload synthesizers = LocalPipeline.Preload.start(options, stages.interpolators());
                 EmbeddedBroker broker = bootstrapServers == null ? EmbeddedBroker.startSecured(work.resolve("kafka")) : null) {
                // the embedded broker takes only clients with its secret: no other local process can queue work on it
                Map<String, Object> cluster = broker != null ? broker.clientConfig() : kafka.clientConfig(bootstrapServers);
                if (broker == null) kafka.awaitCluster(bootstrapServers);
                Topics.ensure(cluster);
                try (LocalPipeline pipeline = LocalPipeline.start(cluster, stages, synthesizers, work.resolve("streams"), LiveOptions.DEFAULT,
                        rootsFor(spec, work));
                     JobClient client = new JobClient(cluster)) {
                    interrupts.stopWith(() -> client.cancel(spec.jobId()));
                    return follow(spec, info, client, pipeline, interrupts);
                }
            } finally {
                if (temporaryWork != null && !deleteTree(temporaryWork)) log.warn("could not delete all of {}", temporaryWork);
            }
        }
    }

    private int follow(JobSpec spec, VideoInfo info, JobClient client, LocalPipeline pipeline, RunInterrupts interrupts) {
        long started = System.nanoTime();
        ProgressBar bar = ProgressBar.forConsole("frames", System.console() != null, System.err::println,
                Duration.ofMillis((long) (progressEverySeconds * 1000)));
        long estimate = info.durationMicros() > 0
                ? (long) Math.ceil(info.durationMicros() / 1e6 * info.outputRate().toDouble()) : -1;
        client.submit(spec);
        JobEvent last = client.await(spec.jobId(), Duration.ofMillis(250),
                e -> bar.update(e.framesDone(), e.totalFrames() > 0 ? e.totalFrames() : estimate, e.state().name().toLowerCase(Locale.ROOT)),
                pipeline::checkAlive);
        bar.finish(last.framesDone(), last.totalFrames(), last.state().name().toLowerCase(Locale.ROOT));
        if (last.state() == JobState.CANCELLED && interrupts.interrupted()) {
            commandSpec.commandLine().getErr().println(commandSpec.qualifiedName() + ": interrupted: job " + spec.jobId()
                    + " cancelled, nothing written to " + spec.output());
            return RunInterrupts.EXIT_CODE;
        }
        if (last.state() == JobState.FAILED) throw new IllegalStateException(last.error());
        if (last.state() == JobState.CANCELLED) throw new IllegalStateException("job " + spec.jobId() + " was cancelled");
        double seconds = (System.nanoTime() - started) / 1e9;
        StatusLine.stderr().print(String.format(Locale.ROOT, "wrote %s: %d frames at %s fps (%.2f s of video) in %.1f s, %.1f frames/s%n",
                spec.output(), last.totalFrames(), info.outputRate(), last.totalFrames() / info.outputRate().toDouble(),
                seconds, last.totalFrames() / seconds));
        return 0;
    }

    /** Everything that can be checked before a broker starts, so mistakes fail in well under a second. */
    JobSpec validate() {
        if (!(progressEverySeconds > 0)) throw new IllegalArgumentException("--progress-every must be positive, got " + progressEverySeconds);
        if (submitOnly && kafka.bootstrapServers() == null) throw new IllegalArgumentException("--submit-only needs --bootstrap-servers");
        if (interpolators < 0 || interpolators > 64) throw new IllegalArgumentException("--interpolators must be 0..64, got " + interpolators);
        if (synthesis.batchSize() < 1 || synthesis.batchSize() > 256)
            throw new IllegalArgumentException("--batch-size must be 1..256, got " + synthesis.batchSize());
        Path out = output.toAbsolutePath().normalize();
        String name = out.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (!CONTAINERS.contains(ext))
            throw new IllegalArgumentException("output " + output + " must end in .mp4, .mov or .mkv");
        Path dir = out.getParent();
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("output folder " + dir + " does not exist");
        if (!canCreateFilesIn(dir)) throw new IllegalArgumentException("output folder " + dir + " is not writable");
        if (Files.isDirectory(out)) throw new IllegalArgumentException("output " + output + " is a folder");
        if (Files.exists(out) && !Files.isWritable(out)) throw new IllegalArgumentException("output " + output + " exists and is not writable");
        Path in = Path.of(input).toAbsolutePath().normalize();
        if (in.equals(out) || sameExistingFile(in, out)) throw new IllegalArgumentException("output " + output + " would overwrite the input");
        String id = jobId != null ? jobId : JobSpec.newJobId(in);
        return new JobSpec(id, JobSpec.isUrl(input) ? input : in.toString(), out.toString(), rate.resolve(),
                encoding.encoding(), steps, seed, sceneThreshold);
    }

    /** Whether a file can be made there: permissions say nothing to root, and /proc or a read-only mount refuse anyway. */
    private static boolean canCreateFilesIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".inbetween-", ".probe"));
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Both exist and are one file (through a link, say): writing the output would destroy the input. */
    private static boolean sameExistingFile(Path in, Path out) {
        try {
            return Files.exists(in) && Files.exists(out) && Files.isSameFile(in, out);
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", file, e.toString());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes what it can of a folder tree (files may vanish under the walk); whether the folder is gone. */
    static boolean deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // gone already, or files vanished under the walk: the result says what is left
        }
        return !Files.exists(root);
    }

    /**
     * The stages of this run read and write only what the user named: the input's folder and the
     * output's (links resolved), or {@code work} for a URL. The embedded broker takes jobs from
     * any local process while it runs; a job naming other paths fails.
     */
    static PathRoots rootsFor(JobSpec spec, Path work) {
        Path in = JobSpec.isUrl(spec.input()) ? work : folderOf(Path.of(spec.input()));
        Path out = JobSpec.isUrl(spec.output()) ? work : folderOf(Path.of(spec.output()));
        return PathRoots.of(List.of(in), List.of(out));
    }

    private static Path folderOf(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            if (Files.exists(absolute)) absolute = absolute.toRealPath();
        } catch (IOException e) {
            // keep the path as given; the check fails with a clear reason if it is outside
        }
        return absolute.getParent();
    }
}
