package io.inbetween.decoder.source;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens a network source on a thread of its own, with a deadline that holds whatever the protocol
 * does. FFmpeg's own timeouts should end every open first; if one does not, the caller moves on
 * and the grabber is released whenever its open returns.
 */
final class SourceOpening {
    private static final Logger log = LoggerFactory.getLogger(SourceOpening.class);

    /** The open did not return within its deadline. */
    static final class Abandoned extends RuntimeException {
        Abandoned() { super(null, null, false, false); }
    }

    private SourceOpening() {}

    static void start(FFmpegFrameGrabber grabber, Duration deadline) throws FFmpegFrameGrabber.Exception {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                grabber.startUnsafe();
                opened.complete(null);
            } catch (Throwable e) {
                opened.completeExceptionally(e);
            }
            if (opened.isCancelled()) VideoSource.release(grabber);
        }, "inbetween-source-open");
        t.setDaemon(true);
        t.start();
        try {
            opened.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (opened.cancel(false)) {
                log.warn("a source open took longer than {} s; it is abandoned and released when it returns", deadline.toSeconds());
                throw new Abandoned();
            }
            join(opened); // it finished just now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (opened.cancel(false)) throw new Abandoned();
            join(opened);
        } catch (ExecutionException e) {
            rethrow(e.getCause());
        }
    }

    private static void join(CompletableFuture<Void> opened) throws FFmpegFrameGrabber.Exception {
        try {
            opened.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            rethrow(e.getCause());
        }
    }

    private static void rethrow(Throwable cause) throws FFmpegFrameGrabber.Exception {
        if (cause instanceof FFmpegFrameGrabber.Exception fe) throw fe;
        if (cause instanceof RuntimeException re) throw re;
        if (cause instanceof Error err) throw err;
        throw new IllegalStateException(cause);
    }
}
