package io.inbetween.decoder;

import io.inbetween.wire.PathRoots;

import io.inbetween.wire.FrameBlend;
import io.inbetween.decoder.live.QualityLadder;
import io.inbetween.decoder.scene.FrameSignature;
import io.inbetween.decoder.scene.SceneCutDetector;
import io.inbetween.decoder.source.FrameSource;
import io.inbetween.decoder.source.LiveFeed;
import io.inbetween.decoder.source.SourceFrame;
import io.inbetween.decoder.source.VideoSource;
import io.inbetween.decoder.timeline.OutputTimeline;
import io.inbetween.wire.FrameOrigin;
import io.inbetween.wire.FlowLimits;
import io.inbetween.wire.FramePair;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.KafkaClientSettings;
import io.inbetween.wire.KafkaLimits;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.Rational;
import io.inbetween.wire.RgbFrame;
import io.inbetween.wire.Slot;
import io.inbetween.wire.Topics;
import io.inbetween.wire.VideoInfo;
import io.inbetween.wire.WireSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Decodes one job's source and publishes its output timeline: original frames and the end
 * marker to {@link Topics#FRAMES}, frame pairs with the slots to synthesize to {@link Topics#PAIRS},
 * and the job's events (RUNNING with the video info, then the total; or FAILED) to {@link Topics#JOBS}.
 */
public final class JobDecoder implements AutoCloseable {
    /** How long a live source may stay silent before the job fails. */
    public static final Duration DEFAULT_LIVE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(JobDecoder.class);

    private final Producer<String, byte[]> producer;
    private final boolean ownsProducer;
    private final Duration liveTimeout;
    private final LiveOptions live;
    private final AtomicLong framesDecoded = new AtomicLong();
    private final AtomicLong sceneCuts = new AtomicLong();
    private final AtomicLong levelChanges = new AtomicLong();
    private final AtomicLong liveGaps = new AtomicLong();
    private volatile LiveStatus liveStatus;
    /** The latest status of each live job, the oldest forgotten past {@link #LIVE_STATUSES}. */
    private final Map<String, LiveStatus> liveStatuses = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
        @Override protected boolean removeEldestEntry(Map.Entry<String, LiveStatus> eldest) { return size() > LIVE_STATUSES; }
    });
    private static final int LIVE_STATUSES = 64;

    /** What this decoder has read since it started, over all jobs (for metrics). */
    public record Stats(long sourceFrames, long sceneCuts, long levelChanges, long liveGaps) {}

    public Stats stats() { return new Stats(framesDecoded.get(), sceneCuts.get(), levelChanges.get(), liveGaps.get()); }

    /** The live job being decoded, or the last one, or null if there was none. */
    public LiveStatus liveStatus() { return liveStatus; }

    /** A live job's latest status, or null when this decoder has none (not live, not here, or long ago). */
    public LiveStatus liveStatus(String jobId) { return liveStatuses.get(jobId); }

    /** A decoder with its own producer; {@code kafkaConfig} holds bootstrap.servers and any overrides. */
    public JobDecoder(Map<String, Object> kafkaConfig) {
        this(kafkaConfig, DEFAULT_LIVE_TIMEOUT);
    }

    public JobDecoder(Map<String, Object> kafkaConfig, Duration liveTimeout) {
        this(kafkaConfig, liveTimeout, LiveOptions.DEFAULT);
    }

    public JobDecoder(Map<String, Object> kafkaConfig, Duration liveTimeout, LiveOptions live) {
        this(new KafkaProducer<>(producerConfig(kafkaConfig)), liveTimeout, live, PathRoots.ANYWHERE, true);
    }

    /**
     * What the encoder has written of a job, as its progress on the jobs topic says: output frames,
     * or -1 when that is not known (or too old to go by), and the decoder does not wait.
     */
    @FunctionalInterface
    public interface WrittenFrames {
        long of(String jobId);

        WrittenFrames UNKNOWN = jobId -> -1;
    }

    private final PathRoots roots;
    private WrittenFrames written = WrittenFrames.UNKNOWN;
    private Function<String, JobEvent> progress = jobId -> null;

    /** A decoder that publishes through a producer owned by the caller (the service, tests). */
    JobDecoder(Producer<String, byte[]> producer, Duration liveTimeout, boolean ownsProducer) {
        this(producer, liveTimeout, LiveOptions.DEFAULT, PathRoots.ANYWHERE, ownsProducer);
    }

    JobDecoder(Producer<String, byte[]> producer, Duration liveTimeout, LiveOptions live, boolean ownsProducer) {
        this(producer, liveTimeout, live, PathRoots.ANYWHERE, ownsProducer);
    }

    JobDecoder(Producer<String, byte[]> producer, Duration liveTimeout, LiveOptions live, PathRoots roots, boolean ownsProducer) {
        this.roots = roots;
        if (liveTimeout.isNegative() || liveTimeout.isZero())
            throw new IllegalArgumentException("live timeout must be positive, got " + liveTimeout);
        this.producer = producer;
        this.ownsProducer = ownsProducer;
        this.liveTimeout = liveTimeout;
        this.live = live;
    }

    /** Files are published at most {@link FlowLimits#DECODER_PAIRS_AHEAD} source frames past what {@code written} says. */
    void holdBackBy(WrittenFrames written) { this.written = written; }

    /**
     * A live job's lag comes from the encoder's progress, its latest event on the jobs topic
     * however old (an encoder that stopped reporting is behind); without one (null) the quality
     * ladder does not move.
     */
    void measureLagBy(Function<String, JobEvent> progress) { this.progress = progress; }

    /** Progress this old is expected (events every 200 ms, read every 200 ms); older means the encoder is not writing. */
    static final long PROGRESS_SLACK_MILLIS = 500;

    /**
     * Inbetween's producer settings ({@link KafkaClientSettings#producer}) with job ids as string
     * keys, then the caller's settings, which may override any of them (the command's --kafka).
     */
    public static Map<String, Object> producerConfig(Map<String, Object> kafkaConfig) {
        Map<String, Object> config = KafkaClientSettings.producer(Map.of());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // every pair a record batch of its own: a fetch of one batch per partition then brings one pair of each (FlowLimits)
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, FlowLimits.PAIR_BATCH_BYTES);
        config.putAll(kafkaConfig);
        return config;
    }

    /** The input, if this decoder may read it: a file under its input roots (nothing is opened otherwise). */
    private String confined(String input) {
        try {
            roots.checkInput(input);
            return input;
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
    }

    /**
     * Decodes the job's input and publishes everything downstream needs. Returns the job's total
     * number of output frames.
     *
     * @throws InputException        the input is unusable (after publishing a FAILED event)
     * @throws CancellationException {@code cancelled} turned true; nothing more is published
     */
    public long decode(JobSpec spec, BooleanSupplier cancelled) {
        return decode(spec, cancelled, () -> false);
    }

    /**
     * ... and once {@code stopRequested} turns true, a live source is read no further: what was
     * read is published and the job ends as complete (a file is decoded to its end regardless).
     */
    public long decode(JobSpec spec, BooleanSupplier cancelled, BooleanSupplier stopRequested) {
        JobEvent event = JobEvent.queued(spec);
        long startNanos = System.nanoTime();
        try (FrameSource source = open(confined(spec.input()))) {
            VideoInfo info = VideoProbe.describe(source, spec.rate());
            event = event.running(info);
            publishEvent(event); // acknowledged before any frame, so the job's state leads its frames
            log.info("job {}: decoding {} ({}x{} {}, {} fps -> {} fps, {})", spec.jobId(), spec.input(), info.width(),
                    info.height(), info.codec(), info.sourceRate(), info.outputRate(),
                    source.isLive() ? "live" : String.format(Locale.ROOT, "%.2f s", info.durationMicros() / 1e6));
            Publication publication = new Publication(spec, source, info, cancelled, stopRequested);
            long total = publication.run();
            publishEvent(event.withTotal(total));
            log.info("job {}: published {} output frames from {} source frames ({} originals, {} pairs with {} slots, "
                            + "{} scene cuts, {} tail copies, {} frames skipped for non-increasing timestamps) in {} s",
                    spec.jobId(), total, publication.sourceFrames, publication.originals, publication.pairs,
                    publication.slots, publication.cuts, publication.tail, publication.skipped,
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9));
            if (source instanceof LiveFeed feed) {
                LiveFeed.Stats f = feed.stats();
                log.info("job {}: live feed read {} frames ({} dropped behind, {} gaps filled with {} repeats, {} reconnects); "
                                + "{} frames made by the decoder at degraded levels, {} source frames frozen to catch up, {} level changes",
                        spec.jobId(), f.framesRead(), f.framesDropped(), f.gaps(), f.gapFrames(), f.reconnects(), publication.madeHere,
                        publication.frozen,
                        publication.ladder == null ? 0 : publication.ladder.changes());
            }
            return total;
        } catch (CancellationException e) {
            log.info("job {}: cancelled, decoding stopped", spec.jobId());
            throw e;
        } catch (InputException e) {
            log.warn("job {}: {}", spec.jobId(), e.getMessage());
            publishFailure(event, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            String reason = "decoding " + spec.input() + " failed: " + e.getMessage();
            log.error("job {}: {}", spec.jobId(), reason, e);
            publishFailure(event, reason);
            throw e;
        }
    }

    /** A file, or a live feed read ahead from the moment it opened (opened once: its first frames are kept). */
    private FrameSource open(String input) {
        log.info("opening {}", input);
        VideoSource source = VideoSource.open(input, liveTimeout, live.policy());
        if (!source.isLive()) return source;
        return LiveFeed.start(source, () -> VideoSource.open(input, liveTimeout, live.policy()), live.feed());
    }

    /** Output frames whose read times a live job remembers, to know the latency of what the encoder last wrote. */
    private static final int READ_TIMES = 4096;

    /** One job's frames on their way out. */
    private final class Publication {
        private final JobSpec spec;
        private final FrameSource source;
        private final VideoInfo info;
        private final BooleanSupplier cancelled;
        private final BooleanSupplier stopRequested;
        private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
        private final QualityLadder ladder;
        private boolean stopping;
        long sourceFrames, originals, pairs, slots, cuts, tail, skipped, madeHere, frozen;
        /** The lag last measured, in seconds (-1 unknown). */
        private double lastLag = -1;
        /** Output frames published so far: one past the highest index sent. */
        long outputsPublished;
        /** When the source frame of each recent output frame was read (by output index, modulo its size); live jobs only. */
        private final long[] readAt;
        /** The feed's gaps already added to the decoder's count. */
        private long gapsCounted;

        Publication(JobSpec spec, FrameSource source, VideoInfo info, BooleanSupplier cancelled, BooleanSupplier stopRequested) {
            this.spec = spec;
            this.source = source;
            this.info = info;
            this.cancelled = cancelled;
            this.stopRequested = stopRequested;
            this.readAt = source.isLive() ? new long[READ_TIMES] : null;
            // without the encoder's progress (a bare producer in tests) nothing would tell the ladder to climb
            this.ladder = source.isLive() && progress.apply(spec.jobId()) != null
                    ? new QualityLadder(spec.jobId(), spec.steps(), live.latencyBudget(), QualityLadder.Level.REPEAT, System.nanoTime()) : null;
        }

        long run() {
            OutputTimeline timeline = new OutputTimeline(info.outputRate(), source.timeBase());
            SourceFrame previous = null;
            FrameSignature previousSignature = null;
            long seq = 0;
            for (SourceFrame frame = source.next(); frame != null; frame = source.next()) {
                if (cancelled.getAsBoolean()) throw new CancellationException("job " + spec.jobId() + " was cancelled");
                if (!stopping && stopRequested.getAsBoolean() && source instanceof LiveFeed feed) {
                    stopping = true;
                    log.info("job {}: stop requested, the live feed ends after the frames already read", spec.jobId());
                    feed.stop();
                }
                if (!timeline.accepts(frame.pts()) || (previous != null && frame.ptsMicros() <= previous.ptsMicros())) {
                    skipped++;
                    continue;
                }
                sourceFrames++;
                framesDecoded.incrementAndGet();
                FrameSignature signature = FrameSignature.of(frame.image());
                OutputTimeline.Span span = timeline.advance(frame.pts());
                if (span != null) {
                    if (span.slots().isEmpty()) {
                        if (span.hasOriginal()) sendFrame(span.originalIndex(), FrameOrigin.ORIGINAL, 0, previous.image(), publishedAt(previous));
                    } else {
                        awaitRoomFor(seq);
                        boolean cut = SceneCutDetector.score(previousSignature, signature) > spec.sceneThreshold();
                        QualityLadder.Level level = ladder == null ? null : ladder.level();
                        if (level == null || level.synthesized()) {
                            // the original rides with its pair, so that it reaches the reorderer with the frames after it;
                            // a live pair's latency runs from the read of its later frame, the first the slots need
                            sendPair(new FramePair(spec.jobId(), seq, previous.ptsMicros(), frame.ptsMicros(), cut,
                                    previous.image(), frame.image(), span.slots(), ladder == null ? spec.steps() : ladder.steps(spec.steps()),
                                    spec.seed(), publishedAt(frame), span.hasOriginal() ? span.originalIndex() : FramePair.NO_ORIGINAL,
                                    deadline(frame)));
                            if (span.hasOriginal()) originals++;
                        } else {
                            makeHere(level, cut, span, previous, frame);
                        }
                        if (cut) { cuts++; sceneCuts.incrementAndGet(); }
                    }
                    seq++;
                    if (source.isLive()) observeLag();
                }
                previous = frame;
                previousSignature = signature;
            }
            if (previous == null) throw new InputException(spec.input() + " has no decodable video frame");
            Rational frameDuration = Rational.of(info.sourceRate().den(), info.sourceRate().num());
            if (!source.isLive()) checkComplete(previous, frameDuration);
            OutputTimeline.Tail end = timeline.finish(frameDuration, source.isLive() ? null : source.streamEnd());
            if (end.hasOriginal()) sendFrame(end.originalIndex(), FrameOrigin.ORIGINAL, 0, previous.image());
            for (Slot copy : end.nearest()) sendFrame(copy.outputIndex(), FrameOrigin.NEAREST, copy.tau(), previous.image());
            tail = end.nearest().size();
            send(Topics.FRAMES, spec.jobId(), WireSerdes.writeFrame(Topics.FRAMES,
                    OutputFrame.endOfStream(spec.jobId(), end.totalFrames())));
            producer.flush();
            checkSent();
            return end.totalFrames();
        }

        /**
         * A degraded live level: the decoder makes the slots' frames itself (blends) or has the
         * encoder repeat the frame before (repeats), and sends them straight to the reorderer.
         * Repeating, with the lag still over {@link QualityLadder#DOWN_AT} of the budget, it drops the source frame too.
         */
        private void makeHere(QualityLadder.Level level, boolean cut, OutputTimeline.Span span, SourceFrame previous, SourceFrame frame) {
            boolean repeat = level == QualityLadder.Level.REPEAT;
            // at the bottom, a lag that would have stepped down a level drops source frames instead
            boolean freeze = repeat && lastLag > QualityLadder.DOWN_AT * live.latencyBudget().toMillis() / 1000.0;
            if (span.hasOriginal()) {
                if (freeze) {
                    sendRepeat(span.originalIndex(), publishedAt(previous));
                    frozen++;
                } else {
                    sendFrame(span.originalIndex(), FrameOrigin.ORIGINAL, 0, previous.image(), publishedAt(previous));
                }
            }
            for (Slot slot : span.slots()) {
                if (repeat) {
                    sendRepeat(slot.outputIndex(), publishedAt(frame));
                } else {
                    RgbFrame made = cut ? FrameBlend.nearest(previous.image(), frame.image(), slot.tau())
                            : FrameBlend.blend(previous.image(), frame.image(), slot.tau());
                    sendFrame(slot.outputIndex(), cut ? FrameOrigin.NEAREST : FrameOrigin.SYNTHESIZED, slot.tau(), made, publishedAt(frame));
                }
                madeHere++;
            }
        }

        private void sendRepeat(long index, long publishedAtMillis) {
            send(Topics.FRAMES, spec.jobId(), WireSerdes.writeFrame(Topics.FRAMES, OutputFrame.repeat(spec.jobId(), index, publishedAtMillis)));
            published(index, publishedAtMillis);
        }

        /** A live pair is late once its later frame is {@link QualityLadder#LATE_AT} of the budget old; a file's never is. */
        private long deadline(SourceFrame frame) {
            if (!source.isLive()) return FramePair.NO_DEADLINE;
            return frame.readAtMillis() + Math.round(QualityLadder.LATE_AT * live.latencyBudget().toMillis());
        }

        /** Where a frame's latency starts: its read for a live source, now for a file (whose frames are all there). */
        private long publishedAt(SourceFrame frame) {
            return source.isLive() ? frame.readAtMillis() : System.currentTimeMillis();
        }

        /** Notes that output frame {@code index} goes out, made from a source frame read at {@code readAtMillis}. */
        private void published(long index, long readAtMillis) {
            if (readAt != null && index >= outputsPublished) {
                for (long i = outputsPublished; i <= index; i++) readAt[(int) (i % READ_TIMES)] = readAtMillis;
                outputsPublished = index + 1;
            }
        }

        /**
         * Feeds the ladder the job's lag, and updates its status. The lag is the age of the source
         * frame of the next output frame to be written: for the last frame written, its latency
         * plus the time since (the encoder may have stalled), as far as its progress is known.
         */
        private void observeLag() {
            JobEvent known = progress.apply(spec.jobId());
            double lag = -1;
            long now = System.currentTimeMillis();
            if (known != null && outputsPublished > 0) {
                long done = Math.min(known.framesDone(), outputsPublished);
                if (outputsPublished - done >= READ_TIMES) {
                    lag = (outputsPublished - done) * info.outputRate().den() / (double) info.outputRate().num();
                } else if (done == 0) {
                    lag = Math.max(0, now - readAt[0]) / 1000.0; // nothing written yet: as old as the first frame
                } else {
                    // the last frame written: its latency when the event said so, plus any silence since beyond the usual
                    long latency = known.atMillis() - readAt[(int) ((done - 1) % READ_TIMES)];
                    long silence = Math.max(0, now - known.atMillis() - PROGRESS_SLACK_MILLIS);
                    lag = Math.max(0, latency + silence) / 1000.0;
                }
            }
            lastLag = lag;
            // a frame's pair waits for the next source frame whatever the level: the ladder sees the lag beyond that
            double steerBy = Math.max(0, lag - info.sourceRate().den() / (double) info.sourceRate().num());
            if (ladder != null && lag >= 0 && ladder.observe(steerBy, System.nanoTime())) levelChanges.incrementAndGet();
            LiveFeed.Stats feed = source instanceof LiveFeed f ? f.stats() : null;
            // per job: with live jobs side by side, the decoder's latest status may be another job's
            if (feed != null && feed.gaps() > gapsCounted) {
                liveGaps.addAndGet(feed.gaps() - gapsCounted);
                gapsCounted = feed.gaps();
            }
            liveStatus = new LiveStatus(spec.jobId(), ladder == null ? null : ladder.level(), ladder == null ? 0 : ladder.changes(),
                    lag, outputsPublished, feed);
            liveStatuses.put(spec.jobId(), liveStatus);
        }

        /**
         * Waits until pair {@code seq} is within {@link FlowLimits#DECODER_PAIRS_AHEAD} source frames of
         * what the encoder has written, so that a file's pairs do not all sit in Kafka long before
         * their turn (their latency would be the job's length). Live sources never wait here.
         */
        private void awaitRoomFor(long seq) {
            if (source.isLive()) return;
            while (true) {
                long done = written.of(spec.jobId());
                if (done < 0 || seq <= FlowLimits.lastPairAllowed(done, info, FlowLimits.DECODER_PAIRS_AHEAD)) return;
                if (cancelled.getAsBoolean()) throw new CancellationException("job " + spec.jobId() + " was cancelled");
                producer.flush(); // what is sent is on the broker, where the replicas can take it
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for the encoder");
                }
            }
        }

        /**
         * A file that decodes to far less than its container promises was cut off or is damaged;
         * publishing a silently shorter video would be worse than failing.
         */
        private void checkComplete(SourceFrame last, Rational frameDuration) {
            Rational declared = source.streamEnd();
            if (declared == null) return;
            double expected = declared.toDouble();
            double decoded = last.pts() * source.timeBase().toDouble() + frameDuration.toDouble();
            // The video stream's own duration is precise; a container's may include longer audio.
            double tolerance = source.streamEndExact()
                    ? Math.max(2 * frameDuration.toDouble(), 0.02 * expected)
                    : Math.max(1.0, 0.10 * expected);
            if (expected - decoded > tolerance)
                throw new InputException(String.format(Locale.ROOT, "%s is truncated or corrupt: decoding stopped at %.1f s of %.1f s",
                        spec.input(), decoded, expected));
        }

        private void sendFrame(long index, FrameOrigin origin, double tau, RgbFrame image) {
            sendFrame(index, origin, tau, image, System.currentTimeMillis());
        }

        private void sendFrame(long index, FrameOrigin origin, double tau, RgbFrame image, long publishedAtMillis) {
            send(Topics.FRAMES, spec.jobId(), WireSerdes.writeFrame(Topics.FRAMES,
                    new OutputFrame(spec.jobId(), index, origin, tau, image, publishedAtMillis)));
            if (origin == FrameOrigin.ORIGINAL) originals++;
            published(index, publishedAtMillis);
        }

        private void sendPair(FramePair pair) {
            send(Topics.PAIRS, pair.key(), serialize(pair));
            pairs++;
            slots += pair.slots().size();
            if (pair.carriesOriginal()) published(pair.originalIndex(), pair.publishedAtMillis());
            for (Slot slot : pair.slots()) published(slot.outputIndex(), pair.publishedAtMillis());
        }

        private void send(String topic, String key, byte[] value) {
            checkSent();
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                if (e != null) sendFailure.compareAndSet(null, e);
            });
        }

        private void checkSent() {
            Exception e = sendFailure.get();
            if (e != null) throw new IllegalStateException("Kafka refused a record: " + e.getMessage(), e);
        }
    }

    /** The pair as it goes on the wire, refused at once if it is above the producer's record limit. */
    static byte[] serialize(FramePair pair) {
        byte[] bytes = WireSerdes.writePair(Topics.PAIRS, pair);
        if (bytes.length > KafkaLimits.MAX_RECORD_BYTES)
            throw new InputException(KafkaLimits.tooLarge(pair.frame0().width(), pair.frame0().height(), bytes.length));
        return bytes;
    }

    private void publishEvent(JobEvent event) {
        try {
            producer.send(new ProducerRecord<>(Topics.JOBS, event.jobId(), WireSerdes.writeJob(Topics.JOBS, event))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish the " + event.state() + " event of job " + event.jobId()
                    + " to " + Topics.JOBS + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while publishing the event of job " + event.jobId());
        }
    }

    private void publishFailure(JobEvent event, String reason) {
        try {
            publishEvent(event.failed(reason));
        } catch (RuntimeException e) {
            log.error("job {}: could not publish its failure ({}): {}", event.jobId(), reason, e.getMessage());
        }
    }

    @Override public void close() {
        if (ownsProducer) producer.close(Duration.ofSeconds(30));
    }
}
