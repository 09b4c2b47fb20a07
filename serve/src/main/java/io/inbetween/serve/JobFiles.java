package io.inbetween.serve;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where uploads and outputs live: {@code DATA/jobs/ID/source} and {@code DATA/jobs/ID/output.EXT}.
 * Every path is built from a job id the server generated and checked here, never from a name a
 * user sent, and is verified to stay inside the data directory.
 */
final class JobFiles {
    private static final Logger log = LoggerFactory.getLogger(JobFiles.class);
    /** The job ids this server hands out (a subset of JobSpec's): no dots first, so never "." or "..". */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    private static final String SOURCE = "source";
    private static final String OUTPUT = "output";
    /** A live job's HLS output: its playlist and segments, in a folder of their own. */
    private static final String LIVE = "live";
    static final String PLAYLIST = "index.m3u8";
    /** The files of a live output that may be served: the playlist and its numbered segments. */
    private static final Pattern LIVE_FILE = Pattern.compile("index(\\.m3u8|-\\d{5}\\.ts)");

    private final Path root;
    private final Path jobs;
    private final Path spool;

    JobFiles(Path dataDir) {
        this.root = dataDir.toAbsolutePath().normalize();
        this.jobs = root.resolve("jobs");
        this.spool = root.resolve("upload-spool");
        try {
            Files.createDirectories(jobs);
            Files.createDirectories(spool);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + root + ": " + e.getMessage(), e);
        }
    }

    Path root() { return root; }

    /** Where the HTTP server spools multipart bodies while they arrive (same disk, so a move is a rename). */
    Path spool() { return spool; }

    static boolean isValidId(String jobId) { return jobId != null && JOB_ID.matcher(jobId).matches(); }

    /** A job's folder; refuses any id that is not one of ours. */
    Path dir(String jobId) {
        if (!isValidId(jobId)) throw new ApiException(400, "'" + jobId + "' is not a job id");
        Path dir = jobs.resolve(jobId).normalize();
        if (!dir.getParent().equals(jobs)) throw new ApiException(400, "'" + jobId + "' is not a job id"); // belt and braces
        return dir;
    }

    Path source(String jobId) { return dir(jobId).resolve(SOURCE); }

    Path output(String jobId, String extension) { return dir(jobId).resolve(OUTPUT + "." + extension); }

    /** A live job's playlist, in its HLS folder (created). */
    Path livePlaylist(String jobId) {
        try {
            return Files.createDirectories(dir(jobId).resolve(LIVE)).resolve(PLAYLIST);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the live folder of job " + jobId, e);
        }
    }

    /** One file of a live job's HLS output, by a name a player asked for; refuses any other name. */
    Path liveFile(String jobId, String name) {
        if (name == null || !LIVE_FILE.matcher(name).matches()) throw new ApiException(404, "'" + name + "' is not a file of a live output");
        return dir(jobId).resolve(LIVE).resolve(name);
    }

    /** Whether a job's output is a live HLS playlist. */
    static boolean isLive(Path output) { return output.getFileName().toString().equals(PLAYLIST); }

    /** Whether a path (an output named in a job spec) lies inside this server's job folders. */
    boolean owns(Path path) { return path.toAbsolutePath().normalize().startsWith(jobs); }

    Path create(String jobId) {
        try {
            return Files.createDirectories(dir(jobId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of job " + jobId, e);
        }
    }

    /** Deletes a job's folder and everything in it; true if there was one. */
    boolean delete(String jobId) {
        Path dir = dir(jobId);
        if (!Files.exists(dir)) return false;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            return true;
        } catch (IOException e) {
            log.warn("could not delete the files of job {}: {}", jobId, e.toString());
            return false;
        }
    }

    /** Ids of every job folder on disk, to find the ones no job refers to any more. */
    List<String> ids() {
        try (Stream<Path> dirs = Files.list(jobs)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(JobFiles::isValidId).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + jobs, e);
        }
    }
}
