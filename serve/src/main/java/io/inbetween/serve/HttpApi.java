package io.inbetween.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inbetween.local.JobClient;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobState;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.Part;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The HTTP API and the web page. Every route is described in {@code /api/openapi.json}
 * (src/main/resources/serve/openapi.json); a test keeps the two in step.
 */
final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    static final String OPENAPI_RESOURCE = "/serve/openapi.json";

    private final JobClient client;
    private final JobBoard board;
    private final JobFiles files;
    private final JobIntake intake;
    private final Admission admission;
    private final BearerToken token;
    private final DashboardFeed feed;
    private final PrometheusMeterRegistry prometheus;
    private final BooleanSupplier pipelineAlive;
    private final long maxUploadBytes;
    private final ObjectMapper json;
    private final List<String> routes = new java.util.concurrent.CopyOnWriteArrayList<>();

    HttpApi(JobClient client, JobBoard board, JobFiles files, JobIntake intake, Admission admission, BearerToken token,
            DashboardFeed feed, PrometheusMeterRegistry prometheus, BooleanSupplier pipelineAlive, long maxUploadBytes, ObjectMapper json) {
        this.client = client;
        this.board = board;
        this.files = files;
        this.intake = intake;
        this.admission = admission;
        this.token = token;
        this.feed = feed;
        this.prometheus = prometheus;
        this.pipelineAlive = pipelineAlive;
        this.maxUploadBytes = maxUploadBytes;
        this.json = json;
    }

    /** Everything the server answers, on the given Javalin configuration. */
    void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE; // Range and video need the bytes as they are
        config.http.maxRequestSize = 1024 * 1024; // JSON bodies; uploads are multipart, limited below
        config.jetty.multipartConfig.cacheDirectory(files.spool().toString());
        config.jetty.multipartConfig.maxFileSize(maxUploadBytes, SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(maxUploadBytes + 1024 * 1024, SizeUnit.BYTES);
        config.jetty.multipartConfig.maxInMemoryFileSize(64 * 1024, SizeUnit.BYTES);
        config.jsonMapper(new io.javalin.json.JavalinJackson(json, false));
        if (HttpApi.class.getResource("/web/index.html") != null) config.staticFiles.add("/web", Location.CLASSPATH);
        else log.warn("the web page is not in this build (built with -Dweb.skip?): only the API is served");

        config.events.handlerAdded(h -> {
            String method = h.getHttpMethod().name();
            if (!method.startsWith("BEFORE") && !method.startsWith("AFTER")) this.routes.add(method + " " + h.getPath());
        });
        var on = config.routes;
        on.before("/api/*", this::authorize);
        on.before("/metrics", this::authorize);
        on.get("/api/openapi.json", this::openApi);
        on.post("/api/jobs", this::submit);
        on.get("/api/jobs", ctx -> ctx.json(Map.of("jobs", board.all().stream().map(t -> JobView.of(t, files)).toList())));
        on.get("/api/jobs/{id}", ctx -> ctx.json(view(ctx.pathParam("id"))));
        on.delete("/api/jobs/{id}", this::delete);
        on.get("/api/jobs/{id}/output", this::output);
        on.head("/api/jobs/{id}/output", this::output); // the same answer without the body
        on.get("/api/jobs/{id}/live/{file}", this::liveFile);
        on.head("/api/jobs/{id}/live/{file}", this::liveFile);
        on.get("/api/jobs/{id}/source", this::source);
        on.head("/api/jobs/{id}/source", this::source);
        on.sse("/api/events", c -> {
            c.keepAlive();
            feed.add(c);
        });
        on.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus.scrape()));
        on.get("/health", ctx -> {
            boolean alive = pipelineAlive.getAsBoolean();
            ctx.status(alive ? 200 : 503).json(Map.of("status", alive ? "ok" : "pipeline stopped", "jobsTopicRead", board.caughtUp()));
        });

        on.exception(ApiException.class, (e, ctx) -> fail(ctx, e.status(), e.getMessage()));
        on.exception(Exception.class, this::unexpected);
        on.error(404, ctx -> { // unknown paths under /api answer in JSON like everything else there
            if (ctx.path().startsWith("/api/") && !String.valueOf(ctx.res().getContentType()).contains("json"))
                fail(ctx, 404, "no such resource: " + ctx.method() + " " + ctx.path() + " (see /api/openapi.json)");
        });
    }

    private void authorize(Context ctx) {
        if (ctx.path().equals("/api/openapi.json") || token.admits(ctx.header("Authorization"), ctx.cookie(BearerToken.COOKIE))) return;
        ctx.header("WWW-Authenticate", "Bearer realm=\"inbetween\"");
        throw new ApiException(401, "this server needs an API token: send the header 'Authorization: Bearer TOKEN'");
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = HttpApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) throw new ApiException(500, "the OpenAPI description is missing from this build");
            ctx.contentType("application/json").result(in.readAllBytes());
        }
    }

    @SuppressWarnings("try") // the ticket is held for the whole request, never read
    private void submit(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxUploadBytes + 1024 * 1024) throw new ApiException(413, tooLarge()); // before reading a byte
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        try (Admission.Ticket ticket = admission.enter()) {
            JobView view;
            if (type.startsWith("multipart/form-data")) {
                Map<String, String> fields = new HashMap<>();
                Part file;
                try {
                    ctx.formParamMap().forEach((k, v) -> { if (!v.isEmpty()) fields.put(k, v.get(0)); });
                    file = ctx.req().getPart("file");
                } catch (Exception e) {
                    throw multipartFailure(e);
                }
                String source = fields.remove("source");
                if (file != null && file.getSubmittedFileName() != null) {
                    view = intake.upload(file.getSubmittedFileName(), target -> write(file, target), fields);
                } else if (source != null) {
                    view = intake.live(source, fields);
                } else {
                    throw new ApiException(400, "no video: send the file in multipart field 'file', or a stream URL in field 'source'");
                }
            } else if (type.startsWith("application/json")) {
                Map<String, String> fields = jsonFields(ctx.bodyAsBytes());
                String source = fields.remove("source");
                if (source == null) throw new ApiException(400, "a JSON body needs 'source', a stream URL; upload files as multipart field 'file'");
                view = intake.live(source, fields);
            } else {
                throw new ApiException(415, "send multipart/form-data (a file in field 'file') or application/json (a stream 'source' URL)");
            }
            ctx.status(202).header("Location", view.links().self()).json(view);
        }
    }

    /** Jetty's multipart parser stops a body over the size limit, or a broken one, with an exception. */
    private ApiException multipartFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("max file size exceeded") || m.contains("max length exceeded") || m.contains("exceeds"))
                return new ApiException(413, tooLarge());
        }
        return new ApiException(400, "the multipart body is malformed: " + e.getMessage());
    }

    /**
     * Moves the spooled part into place (a rename on the same disk). Jetty deletes what is left of
     * the request's parts when it ends; deleting the part here would delete the moved file.
     */
    private static void write(Part part, Path target) throws IOException {
        part.write(target.toString());
        if (!Files.isRegularFile(target)) throw new IOException("the upload was not stored");
    }

    private Map<String, String> jsonFields(byte[] body) {
        try {
            Map<String, Object> raw = json.readValue(body, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
            Map<String, String> fields = new HashMap<>();
            raw.forEach((k, v) -> { if (v != null) fields.put(k, String.valueOf(v)); });
            return fields;
        } catch (IOException e) {
            throw new ApiException(400, "the body is not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private JobView view(String id) {
        if (!JobFiles.isValidId(id)) throw ApiException.notFound(id);
        return board.get(id).map(t -> JobView.of(t, files)).orElseThrow(() -> ApiException.notFound(id));
    }

    /**
     * Cancels a job that is still going, or deletes a finished one; its files go either way. A
     * running live job is stopped instead: what was read is written and its playlist closed, and
     * a second DELETE removes it.
     */
    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        JobBoard.Tracked job = board.get(id).orElseThrow(() -> ApiException.notFound(id));
        boolean ours = files.owns(Path.of(job.event().spec().output()));
        JobState state = job.event().state();
        if (JobFiles.isLive(Path.of(job.event().spec().output())) && state == JobState.RUNNING) {
            client.stop(id);
            board.published(job.event().stopping());
            log.info("live job {} asked to stop", id);
            ctx.status(202).json(view(id));
        } else if (!state.isFinal()) {
            client.cancel(id);
            board.published(job.event().cancelled());
            if (ours) files.delete(id);
            log.info("job {} cancelled", id);
            ctx.json(view(id));
        } else {
            if (ours) files.delete(id);
            client.forget(id);
            board.forget(id);
            log.info("job {} deleted", id);
            ctx.status(204);
        }
    }

    /** A live job's playlist or one of its segments, as they are written: no caching, for players that reload the list. */
    private void liveFile(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        JobBoard.Tracked job = board.get(id).orElseThrow(() -> ApiException.notFound(id));
        Path output = Path.of(job.event().spec().output());
        if (!JobFiles.isLive(output) || !files.owns(output)) throw new ApiException(404, "job " + id + " has no live output on this server");
        String name = ctx.pathParam("file");
        Path file = files.liveFile(id, name);
        if (!Files.isRegularFile(file)) {
            if (job.event().state().isFinal()) throw new ApiException(410, "job " + id + "'s live output was removed or never written");
            throw new ApiException(404, "job " + id + " has not written " + name + " yet");
        }
        boolean playlist = name.endsWith(".m3u8");
        ctx.header("Cache-Control", playlist ? "no-cache" : "max-age=3600");
        serveFile(ctx, file, playlist ? "application/vnd.apple.mpegurl" : "video/mp2t", "job " + id + "'s live output was removed");
    }

    private void output(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        JobBoard.Tracked job = board.get(id).orElseThrow(() -> ApiException.notFound(id));
        if (JobFiles.isLive(Path.of(job.event().spec().output())))
            throw new ApiException(404, "job " + id + " is live: its output is HLS at /api/jobs/" + id + "/live/" + JobFiles.PLAYLIST);
        JobState state = job.event().state();
        if (state != JobState.DONE)
            throw new ApiException(409, "job " + id + " is " + state.name().toLowerCase() + "; its output is ready when it is done"
                    + (job.event().error() != null ? " (" + job.event().error() + ")" : ""));
        Path file = Path.of(job.event().spec().output());
        // a job submitted by another client names its own output path: this server serves only its own files
        if (!files.owns(file)) throw new ApiException(404, "job " + id + " writes its output outside this server's data directory");
        String ext = file.getFileName().toString().substring(file.getFileName().toString().lastIndexOf('.') + 1);
        String type = ext.equals("mkv") ? "video/x-matroska" : ext.equals("mov") ? "video/quicktime" : "video/mp4";
        String name = JobView.displayName(id).replaceAll("\\.[A-Za-z0-9]{1,5}$", "") + "-" + job.event().spec().rate().toString().replace(' ', '-')
                .replace('/', '_') + "." + ext;
        ctx.header("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
        serveFile(ctx, file, type, "job " + id + "'s output was removed (retention or delete)");
    }

    private void source(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        JobEvent job = board.get(id).orElseThrow(() -> ApiException.notFound(id)).event();
        Path file = Path.of(job.spec().input());
        if (!files.owns(file)) throw new ApiException(404, "job " + id + " reads a live source or a file this server does not keep");
        if (!Files.isRegularFile(file)) throw new ApiException(410, "job " + id + "'s upload was removed");
        serveFile(ctx, file, ContainerSniffer.sniff(file).mimeType(), "job " + id + "'s upload was removed");
    }

    /** Sends a file whole (200) or one byte range of it (206), as players and download tools ask. */
    private static void serveFile(Context ctx, Path file, String type, String gone) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ApiException(410, gone);
        }
        try (channel) {
            long size = channel.size();
            ByteRange range;
            try {
                range = ByteRange.parse(ctx.header("Range"), size);
            } catch (ApiException e) {
                ctx.header("Content-Range", "bytes */" + size);
                throw e;
            }
            ctx.header("Accept-Ranges", "bytes");
            ctx.contentType(type);
            long first = 0, length = size;
            if (range != null) {
                ctx.status(206).header("Content-Range", range.contentRange(size));
                first = range.first();
                length = range.length();
            }
            ctx.res().setContentLengthLong(length);
            if (ctx.method() == io.javalin.http.HandlerType.HEAD) return;
            OutputStream out = ctx.res().getOutputStream();
            long sent = 0;
            var sink = Channels.newChannel(out);
            while (sent < length) {
                long n = channel.transferTo(first + sent, length - sent, sink);
                if (n <= 0) break;
                sent += n;
            }
            out.flush();
        }
    }

    private String tooLarge() {
        return "the upload is larger than this server's limit of " + (maxUploadBytes / (1024 * 1024)) + " MB (serve --max-upload-mb)";
    }

    private static void fail(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }

    private void unexpected(Exception e, Context ctx) {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        fail(ctx, 500, "internal error: " + e.getMessage());
    }

    /** The routes this server answers ("GET /api/jobs/{id}"), for the test that holds the OpenAPI description to them. */
    List<String> routes() { return List.copyOf(routes); }
}
