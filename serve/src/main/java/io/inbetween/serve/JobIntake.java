package io.inbetween.serve;

import io.inbetween.local.JobClient;
import io.inbetween.decoder.InputException;
import io.inbetween.decoder.VideoProbe;
import io.inbetween.decoder.source.SourcePolicy;
import io.inbetween.wire.FlowLimits;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.VideoInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns an upload or a live source URL into a queued job: stores the file under a name the server
 * makes, checks that it is a video (magic bytes, then FFmpeg), and publishes the job to Kafka.
 * Anything refused leaves no file and no job behind.
 */
final class JobIntake implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobIntake.class);

    /** Writes an upload's bytes to the place the server chose. */
    interface Upload { void writeTo(Path target) throws IOException; }

    private final JobClient client;
    private final JobBoard board;
    private final JobFiles files;
    private final String defaultPreset;
    private final Duration probeTimeout;
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "inbetween-probe");
        t.setDaemon(true);
        return t;
    });

    private final long pipelineHeap;

    /** @param pipelineHeap the heap of the stages that will run the job (Long.MAX_VALUE: unknown, elsewhere) */
    private final SourcePolicy sources;

    /** @param sources what a live source may reach: checked here, so that a refusal is a 400 and nothing is queued */
    JobIntake(JobClient client, JobBoard board, JobFiles files, String defaultPreset, Duration probeTimeout, long pipelineHeap,
              SourcePolicy sources) {
        this.sources = sources;
        this.pipelineHeap = pipelineHeap;
        this.client = client;
        this.board = board;
        this.files = files;
        this.defaultPreset = defaultPreset;
        this.probeTimeout = probeTimeout;
    }

    JobView upload(String submittedName, Upload upload, Map<String, String> fields) {
        JobOptions options = JobOptions.parse(fields, defaultPreset);
        String id = JobSpec.newJobId(Path.of(safeName(submittedName, "upload")));
        files.create(id);
        try {
            Path source = files.source(id);
            try {
                upload.writeTo(source);
            } catch (IOException e) {
                throw new ApiException(400, "the upload did not arrive whole: " + e.getMessage());
            }
            ContainerSniffer.sniff(source);
            VideoInfo info = probe(source.toString(), options.rate(), submittedName == null ? "the upload" : submittedName);
            return submit(id, source.toString(), options, info, Files.size(source) + " bytes");
        } catch (RuntimeException | IOException e) {
            files.delete(id);
            if (e instanceof IOException io) throw new ApiException(500, "cannot store the upload: " + io.getMessage());
            throw (RuntimeException) e;
        }
    }

    /**
     * A live job: the URL is checked against the source policy (a refusal is a 400) and queued at
     * once, without a probe, since a feed opened twice loses what it sent in between. Its output
     * is HLS, served while it grows; a source that cannot be reached fails the job.
     */
    JobView live(String url, Map<String, String> fields) {
        JobOptions options = JobOptions.parse(fields, defaultPreset);
        String input = url.strip();
        if (!SourcePolicy.isNetwork(input) || !JobSpec.isUrl(input))
            throw new ApiException(400, "source must be a stream URL (" + String.join(", ", SourcePolicy.schemes())
                    + "); upload files as multipart field 'file' instead");
        try {
            sources.check(input);
        } catch (InputException e) {
            throw new ApiException(400, e.getMessage());
        }
        URI uri = URI.create(input);
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
        String id = JobSpec.newJobId(Path.of(safeName(name, uri.getHost() != null ? uri.getHost() : "live")));
        files.create(id);
        try {
            JobSpec spec = new JobSpec(id, input, files.livePlaylist(id).toString(), options.rate(), options.encoding(),
                    options.steps(), options.seed(), options.sceneThreshold());
            client.submit(spec);
            board.submitted(JobEvent.queued(spec), null);
            log.info("job {} queued: live source {}, {}, K={}", id, input, options.rate(), options.steps());
            return JobView.of(board.get(id).orElseThrow(), files);
        } catch (RuntimeException e) {
            files.delete(id);
            throw e;
        }
    }

    private JobView submit(String id, String input, JobOptions o, VideoInfo info, String what) {
        JobSpec spec = new JobSpec(id, input, files.output(id, o.outputExtension()).toString(), o.rate(), o.encoding(),
                o.steps(), o.seed(), o.sceneThreshold());
        client.submit(spec); // returns once the broker has it: from here the job survives a restart
        board.submitted(JobEvent.queued(spec), info);
        log.info("job {} queued: {} ({}), {}x{} {} fps -> {}, K={}", id, what, info.codec(), info.width(), info.height(),
                info.sourceRate(), o.rate(), o.steps());
        return JobView.of(board.get(id).orElseThrow(), files);
    }

    /** FFmpeg's verdict, within a time limit: a stalled network source must not hold a request forever. */
    private VideoInfo probe(String input, OutputRate rate, String shownAs) {
        Future<VideoInfo> f = probes.submit(() -> VideoProbe.probe(input, rate));
        try {
            VideoInfo info = f.get(probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            String heap = FlowLimits.heapShortfall(info.width(), info.height(), pipelineHeap);
            if (heap != null) throw new ApiException(422, heap + "; nothing was queued");
            return info;
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ApiException(422, "could not open the source within " + probeTimeout.toSeconds() + " s; nothing was queued");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // the message names the file as the user knows it, not where the server keeps it
            String reason = String.valueOf(cause.getMessage()).replace(input, shownAs);
            if (cause instanceof InputException) throw new ApiException(415, reason);
            if (cause instanceof IllegalArgumentException) throw new ApiException(400, reason);
            throw new ApiException(415, "cannot read " + shownAs + " as video: " + reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the server is shutting down");
        }
    }

    /** The part of a client's file name that may appear in a job id; never used as a path. */
    static String safeName(String submitted, String fallback) {
        String name = submitted == null ? "" : submitted;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._-]+", "");
        return name.isEmpty() ? fallback : name;
    }

    @Override public void close() { probes.shutdownNow(); }
}
