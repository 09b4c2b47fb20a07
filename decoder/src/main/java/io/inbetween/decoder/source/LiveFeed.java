package io.inbetween.decoder.source;

import io.inbetween.decoder.InputException;
import io.inbetween.wire.Rational;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A live source read ahead on a thread of its own from the moment it opened, so that the first
 * frames of a feed are kept (it is opened once) and a slow consumer never holds up the socket.
 *
 * <ul>
 *   <li>The read-ahead is bounded. When the consumer falls behind by more than the queue, a
 *       datagram source (UDP, RTP), whose sender does not wait, loses its oldest frames (counted),
 *       never the newest; a stream source (TCP, RTMP, SRT, HTTP) waits, and its sender with it.</li>
 *   <li>A source that ends or goes silent is opened again with backoff for up to the reconnect
 *       window. Meanwhile, once it has been silent for {@link Settings#gapFillAfter()}, the feed
 *       repeats its last frame at the source's rate, so that the output stays continuous.</li>
 *   <li>Timestamps stay on one clock: frames after a reconnect, or after a jump of the source's
 *       own clock, continue one frame after the last frame handed out.</li>
 *   <li>{@link #stop()} ends the feed: what is queued is handed out, then the end.</li>
 * </ul>
 */
public final class LiveFeed implements FrameSource {
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    /**
     * @param reconnectWindow how long a lost source is tried again before the feed ends (zero: never)
     * @param gapFillAfter    silence after which the last frame is repeated
     * @param queueFrames     frames read ahead at most (and no more than {@link #QUEUE_BYTES} of them)
     */
    public record Settings(Duration reconnectWindow, Duration gapFillAfter, int queueFrames) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(15), Duration.ofSeconds(1), 50);

        public Settings {
            if (reconnectWindow.isNegative()) throw new IllegalArgumentException("negative reconnect window " + reconnectWindow);
            if (gapFillAfter.isNegative() || gapFillAfter.isZero()) throw new IllegalArgumentException("gap fill must wait a positive time");
            if (queueFrames < 1) throw new IllegalArgumentException("the read-ahead must hold a frame");
        }
    }

    /** What the feed has lived through, for the job's status and metrics. */
    public record Stats(long framesRead, long framesDropped, long gaps, long gapFrames, long reconnects) {}

    /** The read-ahead's bound in bytes of pictures: 50 frames of 320x240, 11 of 720p, 2 of 4K. */
    static final long QUEUE_BYTES = 32L * 1024 * 1024;
    private static final long[] BACKOFF_MILLIS = {250, 500, 1000, 2000};
    /** A jump of the source's clock larger than this (or backwards) is a discontinuity, not a pause. */
    private static final long MAX_CLOCK_JUMP_MICROS = 2_000_000;

    private final VideoSource first;
    private final Supplier<VideoSource> reopen;
    private final Settings settings;
    private final BlockingQueue<SourceFrame> queue;
    private final long stepTicks, stepMicros;
    private final boolean datagrams;
    private final Thread reader;
    private final AtomicLong read = new AtomicLong(), dropped = new AtomicLong(), gaps = new AtomicLong(),
            gapFrames = new AtomicLong(), reconnects = new AtomicLong();
    private volatile boolean stopped, ended;
    private volatile RuntimeException failure;
    private volatile VideoSource current;

    // The consumer's side.
    private SourceFrame lastOut;
    private long lastOutNanos = System.nanoTime();
    private boolean inGap;
    /** Added to frames read after a gap, so that they follow the repeats that filled it. */
    private long shiftTicks, shiftMicros;

    private LiveFeed(VideoSource first, Supplier<VideoSource> reopen, Settings settings) {
        this.first = first;
        this.current = first;
        this.reopen = reopen;
        this.settings = settings;
        long frameBytes = 3L * first.width() * first.height();
        this.queue = new ArrayBlockingQueue<>((int) Math.max(2, Math.min(settings.queueFrames(), QUEUE_BYTES / frameBytes)));
        String scheme = SourcePolicy.schemeOf(first.input());
        this.datagrams = "udp".equals(scheme) || "rtp".equals(scheme);
        Rational tb = first.timeBase(), rate = first.frameRate();
        // One nominal frame, in ticks and in microseconds (at least one tick).
        this.stepTicks = Math.max(1, Math.round((double) tb.den() * rate.den() / ((double) tb.num() * rate.num())));
        this.stepMicros = Math.max(1, Math.round(1e6 * rate.den() / rate.num()));
        this.reader = new Thread(this::readAhead, "inbetween-live-" + first.input().replaceAll("[^A-Za-z0-9.:-]", "_"));
        reader.setDaemon(true);
    }

    /**
     * Starts reading {@code opened} at once; {@code reopen} opens the same source again after it
     * is lost (and throws an {@link InputException} when it cannot).
     */
    public static LiveFeed start(VideoSource opened, Supplier<VideoSource> reopen, Settings settings) {
        LiveFeed feed = new LiveFeed(opened, reopen, settings);
        feed.reader.start();
        return feed;
    }

    /** Ends the feed: frames already read are still handed out, then {@link #next()} returns null. */
    public void stop() {
        stopped = true;
        reader.interrupt();
    }

    public Stats stats() { return new Stats(read.get(), dropped.get(), gaps.get(), gapFrames.get(), reconnects.get()); }

    /**
     * The next frame, waiting for it; a repeat of the last one during a gap; null once the feed
     * has ended (stopped, or the source did not come back within the reconnect window).
     */
    @Override public SourceFrame next() {
        while (true) {
            SourceFrame frame;
            long silentNanos = System.nanoTime() - lastOutNanos;
            long waitNanos = inGap ? Math.max(0, stepMicros * 1000 - silentNanos)
                    : Math.max(0, settings.gapFillAfter().toNanos() - silentNanos);
            try {
                frame = queue.poll(stopped || ended ? 0 : Math.max(waitNanos, 1_000_000), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (frame != null) {
                if (inGap) log.info("live source {} is back after {} repeated frames", first.input(), gapFrames.get());
                inGap = false;
                return handOut(afterLast(frame));
            }
            if (queue.isEmpty() && (ended || stopped)) {
                if (failure != null && lastOut == null) throw failure;
                return null;
            }
            if (lastOut == null) continue; // nothing to repeat yet
            silentNanos = System.nanoTime() - lastOutNanos;
            if (!inGap && silentNanos >= settings.gapFillAfter().toNanos()) {
                inGap = true;
                gaps.incrementAndGet();
                log.warn("live source {} sent nothing for {} ms: repeating its last frame until it is back", first.input(),
                        silentNanos / 1_000_000);
            }
            if (inGap && silentNanos >= stepMicros * 1000) {
                gapFrames.incrementAndGet();
                // a repeat is due each frame time: it advances the clock as the source would have
                long keep = lastOutNanos;
                SourceFrame repeat = handOut(new SourceFrame(lastOut.pts() + stepTicks, lastOut.ptsMicros() + stepMicros,
                        lastOut.image(), System.currentTimeMillis()));
                lastOutNanos = keep + stepMicros * 1000;
                return repeat;
            }
        }
    }

    /** The frame moved past the last one handed out, if the repeats of a gap went beyond it. */
    private SourceFrame afterLast(SourceFrame frame) {
        if (lastOut != null && frame.ptsMicros() + shiftMicros <= lastOut.ptsMicros()) {
            shiftMicros = lastOut.ptsMicros() + stepMicros - frame.ptsMicros();
            shiftTicks = lastOut.pts() + stepTicks - frame.pts();
        }
        return shiftMicros == 0 && shiftTicks == 0 ? frame : frame.shifted(shiftTicks, shiftMicros);
    }

    private SourceFrame handOut(SourceFrame frame) {
        lastOut = frame;
        lastOutNanos = System.nanoTime();
        return frame;
    }

    /** The reader thread: frames into the queue, the source opened again when it is lost. */
    private void readAhead() {
        Clock clock = new Clock();
        try {
            while (!stopped) {
                SourceFrame frame;
                try {
                    frame = current.next();
                } catch (InputException e) {
                    if (stopped) break;
                    log.warn("live source {} was lost: {}", first.input(), e.getMessage());
                    frame = null;
                }
                if (frame != null) {
                    read.incrementAndGet();
                    offer(clock.place(frame, current));
                    continue;
                }
                if (stopped) break;
                current.close();
                current = reconnect();
                if (current == null) break;
                clock.reconnected();
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("live source {}: reading failed: {}", first.input(), e.toString());
        } finally {
            ended = true;
            VideoSource last = current;
            if (last != null) last.close();
        }
    }

    /** Opens the source again with backoff; null when the window passed (or the feed was stopped). */
    private VideoSource reconnect() {
        if (settings.reconnectWindow().isZero()) {
            log.info("live source {} ended", first.input());
            return null;
        }
        long deadline = System.nanoTime() + settings.reconnectWindow().toNanos();
        for (int attempt = 0; !stopped && System.nanoTime() < deadline; attempt++) {
            try {
                VideoSource again = reopen.get();
                if (again.width() != first.width() || again.height() != first.height()) {
                    again.close();
                    throw new InputException(first.input() + " came back at " + again.width() + "x" + again.height()
                            + " instead of " + first.width() + "x" + first.height() + ", which a live job cannot follow");
                }
                reconnects.incrementAndGet();
                log.info("live source {} reconnected (attempt {})", first.input(), attempt + 1);
                return again;
            } catch (InputException e) {
                if (e.getMessage().contains("came back at")) throw e;
                log.info("live source {}: reconnect attempt {} failed", first.input(), attempt + 1);
            }
            try {
                Thread.sleep(BACKOFF_MILLIS[Math.min(attempt, BACKOFF_MILLIS.length - 1)]);
            } catch (InterruptedException e) {
                break;
            }
        }
        if (!stopped) log.warn("live source {} did not come back within {} s: the feed ends", first.input(),
                settings.reconnectWindow().toSeconds());
        return null;
    }

    /** Queues a frame; when the queue is full, the oldest frame makes room (datagrams) or the reader waits. */
    private void offer(SourceFrame frame) {
        if (!datagrams) {
            try {
                while (!stopped && !queue.offer(frame, 100, TimeUnit.MILLISECONDS)) { /* the sender waits with us */ }
            } catch (InterruptedException e) {
                if (!stopped) Thread.currentThread().interrupt();
            }
            return;
        }
        while (!queue.offer(frame)) {
            if (queue.poll() != null && dropped.incrementAndGet() % 25 == 1)
                log.warn("live source {}: the decoder fell behind, {} frames dropped so far", first.input(), dropped.get());
        }
    }

    /**
     * The feed's one timeline: a source's own clock is followed while it runs smoothly; after a
     * reconnect or a jump, the next frame goes one frame after the last, in the first opening's
     * time base.
     */
    private final class Clock {
        private long offsetMicros;
        private boolean resync;
        private long lastMicros = Long.MIN_VALUE;

        void reconnected() { resync = true; }

        SourceFrame place(SourceFrame frame, VideoSource from) {
            long micros = frame.ptsMicros() + offsetMicros;
            if (lastMicros != Long.MIN_VALUE && (resync || micros <= lastMicros || micros - lastMicros > MAX_CLOCK_JUMP_MICROS)) {
                if (!resync) log.info("live source {}: its clock jumped by {} ms; the output goes on without a gap",
                        first.input(), (micros - lastMicros) / 1000);
                offsetMicros += lastMicros + stepMicros - micros;
                micros = lastMicros + stepMicros;
            }
            resync = false;
            lastMicros = micros;
            if (offsetMicros == 0 && from == first) return frame; // its exact ticks
            return new SourceFrame(ticks(micros), micros, frame.image(), frame.readAtMillis());
        }

        /** Microseconds in the first opening's time base, rounded down. */
        private long ticks(long micros) {
            Rational tb = first.timeBase();
            return Math.floorDiv(Math.multiplyExact(micros, tb.den()), Math.multiplyExact(1_000_000L, tb.num()));
        }
    }

    @Override public String input() { return first.input(); }

    @Override public boolean isLive() { return true; }

    @Override public int width() { return first.width(); }

    @Override public int height() { return first.height(); }

    @Override public double displayRotation() { return first.displayRotation(); }

    @Override public Rational frameRate() { return first.frameRate(); }

    @Override public Rational timeBase() { return first.timeBase(); }

    @Override public long durationMicros() { return -1; }

    @Override public Rational streamEnd() { return null; }

    @Override public boolean streamEndExact() { return false; }

    @Override public String codec() { return first.codec(); }

    @Override public int audioChannels() { return first.audioChannels(); }

    @Override public int audioSampleRate() { return first.audioSampleRate(); }

    /** Stops reading and waits briefly for the reader to let go of the source. */
    @Override public void close() {
        stop();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.clear();
    }
}
