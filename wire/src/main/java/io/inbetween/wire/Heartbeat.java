package io.inbetween.wire;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

/**
 * A file whose modification time says that a service's loop is turning: container health checks
 * and liveness probes look at its age ({@code find FILE -mmin -1}), so the services need no HTTP
 * server of their own.
 */
public final class Heartbeat {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    /** The file is touched at most this often. */
    static final Duration EVERY = Duration.ofSeconds(5);
    public static final Heartbeat NONE = new Heartbeat(null);

    private final Path file;
    private long lastNanos = Long.MIN_VALUE;

    private Heartbeat(Path file) { this.file = file; }

    /** Beats into {@code file} (created when missing); null for none. */
    public static Heartbeat to(Path file) { return file == null ? NONE : new Heartbeat(file.toAbsolutePath()); }

    /** Called at every turn of a loop; touches the file when the last beat is older than {@link #EVERY}. */
    public synchronized void beat() {
        if (file == null) return;
        long now = System.nanoTime();
        if (lastNanos != Long.MIN_VALUE && now - lastNanos < EVERY.toNanos()) return;
        lastNanos = now;
        try {
            if (Files.exists(file)) Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            else Files.writeString(file, "inbetween service heartbeat\n");
        } catch (IOException e) {
            log.warn("cannot touch the heartbeat file {}: {}", file, e.toString());
        }
    }
}
