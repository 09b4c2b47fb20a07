package io.inbetween.app.encode;

import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobState;
import io.inbetween.wire.JobTable;
import io.inbetween.wire.KafkaClientSettings;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.Topics;
import io.inbetween.wire.WireSerdes;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Writes output files from {@code inbetween.ordered}: a member of the
 * {@link ConfigKeys#ENCODER_GROUP} group that opens a {@link VideoEncoder} on a job's frame 0,
 * writes each next frame, and on the job's END marker finishes the file, publishes DONE on the
 * jobs topic and commits. Each job's spec and video info come from the jobs topic.
 *
 * <p>Crash safety: offsets are committed only at job boundaries, never past the first frame of a
 * job still open on that partition. After a crash the open job is read again from its first frame
 * and its file written again (the partial file of the dead run is simply replaced); a job already
 * DONE whose file exists is skipped. A failed job (unwritable output, missing frame, bad frame)
 * gets a FAILED event with a one-line reason, its partial file is deleted and the service moves on.
 * A job CANCELLED or FAILED elsewhere is aborted. Partitions taken away by a rebalance abort their
 * open jobs silently: the new owner writes them from their start.
 */
public final class EncoderService implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EncoderService.class);

    /** Progress events go out at most this often per job. */
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration INFO_WAIT = Duration.ofSeconds(60);
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);
    private static final Duration SEND_LIMIT = Duration.ofSeconds(30);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(30);

    /** What the encoder has done, for dashboards. */
    public record Stats(long framesWritten, long jobsDone, long jobsFailed, double framesPerSecond, int openJobs) {}

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final JobTable jobs;
    private final String where;
    private final Duration infoWait;

    // poll thread only (the rebalance callbacks run inside poll)
    private final Map<String, OpenJob> open = new HashMap<>();
    /** Jobs whose frames are dropped until their END: failed, cancelled, already done or unknown. */
    private final Map<String, TopicPartition> skipped = new HashMap<>();
    /** Per partition, the offset after the last record handled. */
    private final Map<TopicPartition, Long> handled = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    private final AtomicLong framesWritten = new AtomicLong();
    private final AtomicLong jobsDone = new AtomicLong();
    private final AtomicLong jobsFailed = new AtomicLong();
    private final FrameRate rate = new FrameRate();
    private volatile int openJobs;
    private volatile LongConsumer frameWritten = publishedAtMillis -> {};

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    /** @param kafkaConfig common client settings, at least {@code bootstrap.servers}; the service adds its own */
    public EncoderService(Map<String, Object> kafkaConfig) { this(kafkaConfig, INFO_WAIT); }

    EncoderService(Map<String, Object> kafkaConfig, Duration infoWait) {
        this.where = String.valueOf(kafkaConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        this.infoWait = infoWait;
        this.consumer = new KafkaConsumer<>(orderedConsumer(kafkaConfig));
        Producer<byte[], byte[]> producer = null;
        try {
            producer = new KafkaProducer<>(KafkaClientSettings.producer(kafkaConfig));
            this.jobs = JobTable.open(kafkaConfig);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            if (producer != null) producer.close(Duration.ZERO);
            throw e;
        }
        this.producer = producer;
    }

    public Stats stats() {
        return new Stats(framesWritten.get(), jobsDone.get(), jobsFailed.get(), rate.perSecond(), openJobs);
    }

    /**
     * Calls {@code listener} with the {@link OutputFrame#publishedAtMillis()} of each frame written
     * (when the decoder published its source), for end-to-end latency metrics; it replaces the
     * previous listener and runs on the encoder's thread, so it must be quick.
     */
    public void onFrameWritten(LongConsumer listener) { this.frameWritten = listener; }

    /** Runs until {@link #close()}; throws, with a one-line message, when the encoder cannot go on (Kafka gone). */
    @Override public void run() {
        if (!started.compareAndSet(false, true)) throw new IllegalStateException("an encoder service runs once");
        try {
            jobs.catchUp(STARTUP_LIMIT, where);
            consumer.subscribe(List.of(Topics.ORDERED), new Rebalance());
            log.info("encoder started: group {} on {} at {}", ConfigKeys.ENCODER_GROUP, Topics.ORDERED, where);
            while (!stopping.get()) {
                jobs.poll(Duration.ZERO);
                abortAbandonedJobs();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (stopping.get()) break;
                    handle(record);
                    handled.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
                commit();
            }
        } catch (WakeupException e) {
            if (!stopping.get()) throw e;
        } finally {
            shutDown();
            finished.countDown();
        }
    }

    /** Stops the loop and aborts open jobs (their partial files are deleted; they are redone after a restart). */
    @Override public void close() {
        stopping.set(true);
        if (!started.compareAndSet(false, true)) {
            consumer.wakeup();
            jobs.wakeup();
            try {
                if (!finished.await(CLOSE_LIMIT.toSeconds(), TimeUnit.SECONDS))
                    log.warn("encoder did not stop within {} s", CLOSE_LIMIT.toSeconds());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeClients(); // never ran
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        OutputFrame frame;
        try {
            frame = WireSerdes.readFrame(record.topic(), record.value());
            if (frame == null) throw new IllegalArgumentException("empty record (null value) where an output frame was expected");
        } catch (RuntimeException e) {
            setAside(record, e.getMessage());
            return;
        }
        String job = frame.jobId();
        OpenJob run = open.get(job);
        if (run == null) {
            if (skipped.containsKey(job)) {
                if (frame.isEndOfStream()) skipped.remove(job);
                return;
            }
            if (frame.index() != 0) {
                log.debug("job {}: frame {} of a job not being written, dropped", job, frame.index());
                return;
            }
            run = start(job, frame, partition, record.offset());
            if (run == null) {
                if (frame.isEndOfStream()) skipped.remove(job); // a job with no frames: nothing more will come
                return;
            }
        }
        if (frame.index() < run.next) {
            log.debug("job {}: duplicate frame {} dropped", job, frame.index());
        } else if (frame.index() > run.next) {
            fail(run, (frame.isEndOfStream() ? "the stream ended" : "frame " + frame.index() + " arrived") + " but frame "
                    + run.next + " of " + job + " is missing from " + Topics.ORDERED);
        } else if (frame.isEndOfStream()) {
            finish(run, frame.index());
        } else {
            write(run, frame);
        }
    }

    /** Opens the job's output on its first frame; returns null when the job is not to be written. */
    private OpenJob start(String job, OutputFrame first, TopicPartition partition, long offset) {
        JobEvent event = awaitInfo(job, infoWait, stopping::get);
        if (stopping.get()) throw new WakeupException(); // leave this frame unhandled: it is read again after a restart
        if (event == null) {
            log.error("job {}: frames on {} but no event on {} after {} s; its frames are dropped",
                    job, Topics.ORDERED, Topics.JOBS, infoWait.toSeconds());
            skipped.put(job, partition);
            return null;
        }
        if (event.state() == JobState.CANCELLED || event.state() == JobState.FAILED) {
            log.info("job {} is {}: not written", job, event.state());
            skipped.put(job, partition);
            return null;
        }
        if (event.state() == JobState.DONE && Files.exists(Path.of(event.spec().output()))) {
            log.info("job {} is already done ({}): not written again", job, event.spec().output());
            skipped.put(job, partition);
            return null;
        }
        if (first.isEndOfStream()) {
            failBeforeStart(event, partition, "job " + job + " has no frames to encode");
            return null;
        }
        if (event.info() == null) {
            failBeforeStart(event, partition, "no video info for job " + job + " on " + Topics.JOBS + " after " + infoWait.toSeconds() + " s");
            return null;
        }
        String audioFrom = null;
        if (event.info().hasAudio() && event.info().durationMicros() < 0)
            log.warn("job {}: the audio of a live source is not carried over (a second connection to it would not be in step with the frames)", job);
        else if (event.info().hasAudio()) audioFrom = event.spec().input();
        try {
            VideoEncoder encoder = VideoEncoder.open(Path.of(event.spec().output()), first.frame().width(), first.frame().height(),
                    event.info().outputRate(), event.spec().encoding(), audioFrom);
            OpenJob run = new OpenJob(job, partition, offset, encoder, event);
            open.put(job, run);
            openJobs = open.size();
            return run;
        } catch (EncodingException e) {
            failBeforeStart(event, partition, e.getMessage());
            return null;
        }
    }

    private void write(OpenJob run, OutputFrame frame) {
        try {
            run.encoder.write(frame.frame());
        } catch (EncodingException e) {
            fail(run, e.getMessage());
            return;
        }
        run.next++;
        framesWritten.incrementAndGet();
        frameWritten.accept(frame.publishedAtMillis());
        rate.count();
        long now = System.nanoTime();
        if (now - run.lastProgressNanos >= PROGRESS_INTERVAL.toNanos()) {
            run.lastProgressNanos = now;
            send(latest(run).progress(run.next));
        }
    }

    private void finish(OpenJob run, long total) {
        try {
            run.encoder.finish();
        } catch (EncodingException e) {
            fail(run, e.getMessage());
            return;
        }
        // DONE must be on the broker before the offsets move past the job
        sendAndWait(latest(run).withTotal(total).progress(total).done());
        close(run);
        jobsDone.incrementAndGet();
        log.info("job {} done: {} frames written to {}", run.jobId, total, run.encoder.output());
        commit();
    }

    /** Published before the job is let go: if Kafka is gone, the job stays uncommitted and is redone after a restart. */
    private void fail(OpenJob run, String reason) {
        run.encoder.close(); // deletes the partial file
        publishFailure(latest(run), reason);
        close(run);
        skipped.put(run.jobId, run.partition);
    }

    private void failBeforeStart(JobEvent event, TopicPartition partition, String reason) {
        publishFailure(event, reason);
        skipped.put(event.jobId(), partition);
    }

    private void publishFailure(JobEvent event, String reason) {
        String oneLine = reason == null ? "encoding failed" : reason.replaceAll("\\s+", " ").trim();
        jobsFailed.incrementAndGet();
        log.warn("job {} failed: {}", event.jobId(), oneLine);
        sendAndWait(event.failed(oneLine));
    }

    /**
     * Waits until the job's video info is known (the decoder publishes it before its first frame)
     * or the job is over; returns what is known then, null if nothing.
     */
    private JobEvent awaitInfo(String jobId, Duration limit, BooleanSupplier stopping) {
        long deadline = System.nanoTime() + limit.toNanos();
        JobEvent event = jobs.get(jobId);
        while ((event == null || (event.info() == null && !event.state().isFinal()))
                && System.nanoTime() < deadline && !stopping.getAsBoolean()) {
            jobs.poll(Duration.ofMillis(100));
            event = jobs.get(jobId);
        }
        return event;
    }

    /** Jobs cancelled by the user or failed by another stage while being written: their output is discarded. */
    private void abortAbandonedJobs() {
        for (OpenJob run : List.copyOf(open.values())) {
            JobEvent event = jobs.get(run.jobId);
            if (event != null && (event.state() == JobState.CANCELLED || event.state() == JobState.FAILED)) {
                log.info("job {} is {}: output discarded after {} frames", run.jobId, event.state(), run.next);
                run.encoder.close();
                close(run);
                skipped.put(run.jobId, run.partition);
            }
        }
    }

    private void close(OpenJob run) {
        open.remove(run.jobId);
        openJobs = open.size();
    }

    /** The job's latest known state, so that a published event never loses what others wrote. */
    private JobEvent latest(OpenJob run) {
        JobEvent known = jobs.get(run.jobId);
        return known != null ? JobEvent.merge(run.event, known) : run.event;
    }

    /** A record that is not an output frame: kept on the dead-letter topic with the reason, never retried. */
    private void setAside(ConsumerRecord<byte[], byte[]> record, String reason) {
        String oneLine = ((reason == null ? "unreadable record" : reason) + " (" + record.topic() + " partition "
                + record.partition() + " offset " + record.offset() + ")").replaceAll("\\s+", " ");
        log.warn("set aside a poison record on {}: {}", Topics.DEAD_LETTERS, oneLine);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(Topics.ERROR_HEADER, oneLine.getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, null, record.key(), record.value(), headers));
    }

    /**
     * Commits, per partition, the offset after the last record handled, or the first frame of the
     * earliest job still open there: always a job boundary. Sends still in flight (dead letters,
     * events) are flushed first, so nothing committed past can be lost.
     */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        handled.forEach((partition, next) -> {
            long safe = next;
            for (OpenJob run : open.values()) if (run.partition.equals(partition)) safe = Math.min(safe, run.firstOffset);
            Long done = committed.get(partition);
            if (done == null || safe > done) offsets.put(partition, new OffsetAndMetadata(safe));
        });
        if (offsets.isEmpty()) return;
        producer.flush();
        try {
            consumer.commitSync(offsets);
            offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        } catch (CommitFailedException | RebalanceInProgressException e) {
            log.info("commit skipped during a rebalance ({}); the records are read again by the partition's next owner", e.getMessage());
        }
    }

    private void send(JobEvent event) {
        producer.send(new ProducerRecord<>(Topics.JOBS, event.jobId().getBytes(StandardCharsets.UTF_8), WireSerdes.writeJob(Topics.JOBS, event)));
    }

    private void sendAndWait(JobEvent event) {
        try {
            producer.send(new ProducerRecord<>(Topics.JOBS, event.jobId().getBytes(StandardCharsets.UTF_8), WireSerdes.writeJob(Topics.JOBS, event)))
                    .get(SEND_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot publish job " + event.jobId() + "'s " + event.state() + " event to " + Topics.JOBS
                    + " at " + where + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private void shutDown() {
        try {
            commit(); // the jobs finished so far
        } catch (RuntimeException e) {
            log.warn("while stopping the encoder: {}", e.toString());
        }
        // Nothing more is committed, not even by the revocation that closing the consumer
        // triggers: the open jobs below were not written and are redone after a restart.
        handled.clear();
        for (OpenJob run : List.copyOf(open.values())) {
            log.info("job {}: stopping, partial output discarded after {} frames", run.jobId, run.next);
            run.encoder.close();
            close(run);
        }
        closeClients();
    }

    private void closeClients() {
        try { consumer.close(Duration.ofSeconds(5)); } catch (RuntimeException e) { log.debug("closing the consumer: {}", e.toString()); }
        try { producer.close(Duration.ofSeconds(5)); } catch (RuntimeException e) { log.debug("closing the producer: {}", e.toString()); }
        try { jobs.close(); } catch (RuntimeException e) { log.debug("closing the jobs reader: {}", e.toString()); }
    }

    /** Partitions leaving: commit what is finished there, then drop the open jobs; the new owner writes them from their start. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) return;
            try {
                commit();
            } catch (WakeupException e) {
                stopping.set(true);
            } catch (RuntimeException e) {
                log.info("commit before giving up partitions {} failed: {}", partitions, e.toString());
            }
            forget(partitions);
        }

        @Override public void onPartitionsLost(Collection<TopicPartition> partitions) { forget(partitions); }

        @Override public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) log.info("encoder assigned {}", partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (OpenJob run : List.copyOf(open.values())) {
                if (!partitions.contains(run.partition)) continue;
                log.info("job {}: partition {} moved to another encoder, partial output discarded", run.jobId, run.partition);
                run.encoder.close();
                close(run);
            }
            skipped.values().removeIf(partitions::contains);
            partitions.forEach(p -> { handled.remove(p); committed.remove(p); });
        }
    }

    /** A job being written. */
    private static final class OpenJob {
        final String jobId;
        final TopicPartition partition;
        /** Offset of its frame 0: commits never pass it while the job is open. */
        final long firstOffset;
        final VideoEncoder encoder;
        final JobEvent event;
        long next;
        long lastProgressNanos = System.nanoTime();

        OpenJob(String jobId, TopicPartition partition, long firstOffset, VideoEncoder encoder, JobEvent event) {
            this.jobId = jobId;
            this.partition = partition;
            this.firstOffset = firstOffset;
            this.encoder = encoder;
            this.event = event;
        }
    }

    /** Frames written per second over the last second or two. */
    private static final class FrameRate {
        private long windowStart = System.nanoTime();
        private long windowFrames;
        private volatile double perSecond;
        private volatile long updated = System.nanoTime();

        void count() {
            windowFrames++;
            long now = System.nanoTime();
            if (now - windowStart >= 1_000_000_000L) {
                perSecond = windowFrames * 1e9 / (now - windowStart);
                updated = now;
                windowStart = now;
                windowFrames = 0;
            }
        }

        double perSecond() { return System.nanoTime() - updated > 3_000_000_000L ? 0 : perSecond; }
    }

    static Map<String, Object> orderedConsumer(Map<String, Object> common) {
        Map<String, Object> config = KafkaClientSettings.groupConsumer(common, ConfigKeys.ENCODER_GROUP);
        // the reorderer writes in transactions: only committed frames, never an aborted attempt's
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a few frames per poll: encoding them must stay far below max.poll.interval.ms
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 16);
        // an encoder joining or leaving moves only the partitions it must: jobs elsewhere keep their open files
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return config;
    }
}
