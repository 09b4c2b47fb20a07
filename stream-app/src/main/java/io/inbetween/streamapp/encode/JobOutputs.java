package io.inbetween.streamapp.encode;

import io.inbetween.wire.FrameOrigin;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.JobState;
import io.inbetween.wire.JobTable;
import io.inbetween.wire.OneLine;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.PathRoots;
import io.inbetween.wire.SafeOffsets;
import io.inbetween.wire.Topics;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The output files of one encoder, a state machine per job: a job opens on its frame 0 (once
 * its video info is on the jobs topic), takes each next frame, and ends DONE on its END marker,
 * or FAILED (missing frame, unwritable output) with its partial file deleted. A job cancelled or
 * failed elsewhere, already done, or unknown is skipped until its END. While a job is open its
 * first frame's offset holds the partition's commits ({@link SafeOffsets}).
 */
final class JobOutputs {
    private static final Logger log = LoggerFactory.getLogger(JobOutputs.class);

    /** Progress events go out at most this often per job. */
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);
    /** ... and this often for a live job, whose decoder steers its quality by them (its lag is their age, at worst). */
    static final Duration LIVE_PROGRESS_INTERVAL = Duration.ofMillis(200);

    private final JobTable jobs;
    private final JobEventPublisher events;
    private final SafeOffsets offsets;
    private final Duration infoWait;
    private final BooleanSupplier stopping;
    private final Runnable afterJobDone;
    private final PathRoots roots;

    private final Map<String, OpenJob> open = new HashMap<>();
    /** Jobs whose frames are dropped until their END: failed, cancelled, already done or unknown. */
    private final Map<String, TopicPartition> skipped = new HashMap<>();

    private final AtomicLong framesWritten = new AtomicLong();
    private final AtomicLong jobsDone = new AtomicLong();
    private final AtomicLong jobsFailed = new AtomicLong();
    private final FrameRateMeter rate = new FrameRateMeter();
    private volatile int openJobs;
    private volatile LongConsumer frameWritten = publishedAtMillis -> {};

    /**
     * @param afterJobDone called once a job's DONE event is on the broker: the offsets may then move past it
     */
    JobOutputs(JobTable jobs, JobEventPublisher events, SafeOffsets offsets, Duration infoWait, BooleanSupplier stopping, Runnable afterJobDone,
               PathRoots roots) {
        this.roots = roots;
        this.jobs = jobs;
        this.events = events;
        this.offsets = offsets;
        this.infoWait = infoWait;
        this.stopping = stopping;
        this.afterJobDone = afterJobDone;
    }

    EncoderService.Stats stats() {
        return new EncoderService.Stats(framesWritten.get(), jobsDone.get(), jobsFailed.get(), rate.perSecond(), openJobs);
    }

    void onFrameWritten(LongConsumer listener) { this.frameWritten = listener; }

    /** The next frame of {@code partition}, at {@code offset}. */
    void accept(OutputFrame frame, TopicPartition partition, long offset) {
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
            run = start(job, frame, partition, offset);
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
        JobEvent event = awaitInfo(job);
        if (stopping.getAsBoolean()) throw new WakeupException(); // leave this frame unhandled: it is read again after a restart
        if (event == null) {
            log.error("job {}: frames on {} but no event on {} after {} s; its frames are dropped",
                    job, Topics.ORDERED, Topics.JOBS, infoWait.toSeconds());
            skipped.put(job, partition);
            return null;
        }
        if (event.state().isAbandoned()) {
            log.info("job {} is {}: not written", job, event.state());
            skipped.put(job, partition);
            return null;
        }
        if (event.state() == JobState.DONE && (JobSpec.isUrl(event.spec().output()) || Files.exists(Path.of(event.spec().output())))) {
            log.info("job {} is already done ({}): not written again", job, event.spec().output());
            skipped.put(job, partition);
            return null;
        }
        if (first.isEndOfStream()) {
            failBeforeStart(event, partition, "job " + job + " has no frames to encode");
            return null;
        }
        if (first.frame() == null) {
            failBeforeStart(event, partition, "job " + job + " starts with a repeat of no frame");
            return null;
        }
        if (event.info() == null) {
            failBeforeStart(event, partition, "no video info for job " + job + " on " + Topics.JOBS + " after " + infoWait.toSeconds() + " s");
            return null;
        }
        try {
            roots.checkOutput(event.spec().output());
            if (event.info().hasAudio() && !JobSpec.isUrl(event.spec().input())) roots.checkInput(event.spec().input());
        } catch (IllegalArgumentException e) {
            failBeforeStart(event, partition, e.getMessage()); // nothing read, nothing written
            return null;
        }
        String audioFrom = null;
        if (event.info().hasAudio() && JobSpec.isUrl(event.spec().input()))
            // a second connection to a stream would not be in step with the frames, and would reach past the decoder's source policy
            log.warn("job {}: the audio of a stream source is not carried over yet", job);
        else if (event.info().hasAudio()) audioFrom = event.spec().input();
        try {
            String out = event.spec().output();
            VideoEncoder encoder = JobSpec.isUrl(out)
                    ? VideoEncoder.push(out, first.frame().width(), first.frame().height(), event.info().outputRate(),
                            event.spec().encoding(), event.info().displayRotation())
                    : VideoEncoder.open(Path.of(out), first.frame().width(), first.frame().height(),
                            event.info().outputRate(), event.spec().encoding(), audioFrom, event.info().displayRotation());
            OpenJob run = new OpenJob(job, partition, encoder, event);
            open.put(job, run);
            offsets.hold(job, partition, offset);
            openJobs = open.size();
            return run;
        } catch (EncodingException e) {
            failBeforeStart(event, partition, e.getMessage());
            return null;
        }
    }

    private void write(OpenJob run, OutputFrame frame) {
        try {
            if (frame.origin() == FrameOrigin.REPEAT) run.encoder.repeat();
            else run.encoder.write(frame.frame());
        } catch (EncodingException e) {
            fail(run, e.getMessage());
            return;
        }
        run.next++;
        run.lastFrameNanos = System.nanoTime();
        framesWritten.incrementAndGet();
        frameWritten.accept(frame.publishedAtMillis());
        rate.count();
        long now = System.nanoTime();
        boolean live = run.event.info() != null && run.event.info().durationMicros() < 0;
        if (now - run.lastProgressNanos >= (live ? LIVE_PROGRESS_INTERVAL : PROGRESS_INTERVAL).toNanos()) {
            run.lastProgressNanos = now;
            events.send(latest(run).progress(run.next));
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
        events.sendAndWait(latest(run).withTotal(total).progress(total).done());
        close(run);
        jobsDone.incrementAndGet();
        log.info("job {} done: {} frames written to {}", run.jobId, total, run.encoder.output());
        afterJobDone.run();
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
        String line = OneLine.of(reason, "encoding failed");
        jobsFailed.incrementAndGet();
        log.warn("job {} failed: {}", event.jobId(), line);
        events.sendAndWait(event.failed(line));
    }

    /**
     * Waits until the job's video info is known (the decoder publishes it before its first frame)
     * or the job is over; returns what is known then, null if nothing.
     */
    private JobEvent awaitInfo(String jobId) {
        long deadline = System.nanoTime() + infoWait.toNanos();
        JobEvent event = jobs.get(jobId);
        while ((event == null || (event.info() == null && !event.state().isFinal()))
                && System.nanoTime() < deadline && !stopping.getAsBoolean()) {
            jobs.poll(Duration.ofMillis(100));
            event = jobs.get(jobId);
        }
        return event;
    }

    /** Jobs cancelled by the user or failed by another stage while being written: their output is discarded. */
    void abortAbandoned() {
        for (OpenJob run : List.copyOf(open.values())) {
            JobEvent event = jobs.get(run.jobId);
            if (event != null && event.state().isAbandoned()) {
                log.info("job {} is {}: output discarded after {} frames", run.jobId, event.state(), run.next);
                run.encoder.close();
                close(run);
                skipped.put(run.jobId, run.partition);
            }
        }
    }

    /**
     * Fails every open job that has had no frame for {@code timeout}: its frames stopped without
     * an END (a decoder gone for good, a frame lost before the reorderer). Its later frames, if
     * any come, are dropped until its END.
     */
    void failStalled(Duration timeout) {
        long now = System.nanoTime();
        for (OpenJob run : List.copyOf(open.values()))
            if (now - run.lastFrameNanos >= timeout.toNanos()) {
                long total = latest(run).totalFrames();
                fail(run, "no frame arrived for " + timeout.toSeconds() + " s after frame " + (run.next - 1)
                        + (total > 0 ? " of " + total : "") + " (--stall-timeout): the decoder or the interpolators stopped, or a frame was lost");
            }
    }

    /** The partitions went to another encoder: their open jobs are discarded; the new owner writes them from their start. */
    void forget(Collection<TopicPartition> partitions) {
        for (OpenJob run : List.copyOf(open.values())) {
            if (!partitions.contains(run.partition)) continue;
            log.info("job {}: partition {} moved to another encoder, partial output discarded", run.jobId, run.partition);
            run.encoder.close();
            close(run);
        }
        skipped.values().removeIf(partitions::contains);
    }

    /** Stopping: every open job's partial output is discarded; they are redone after a restart. */
    void discardAll() {
        for (OpenJob run : List.copyOf(open.values())) {
            log.info("job {}: stopping, partial output discarded after {} frames", run.jobId, run.next);
            run.encoder.close();
            close(run);
        }
    }

    private void close(OpenJob run) {
        open.remove(run.jobId);
        offsets.release(run.jobId);
        openJobs = open.size();
    }

    /** The job's latest known state, so that a published event never loses what others wrote. */
    private JobEvent latest(OpenJob run) {
        JobEvent known = jobs.get(run.jobId);
        return known != null ? JobEvent.merge(run.event, known) : run.event;
    }

    /** A job being written. */
    private static final class OpenJob {
        final String jobId;
        final TopicPartition partition;
        final VideoEncoder encoder;
        final JobEvent event;
        long next;
        long lastProgressNanos = System.nanoTime();
        long lastFrameNanos = System.nanoTime();

        OpenJob(String jobId, TopicPartition partition, VideoEncoder encoder, JobEvent event) {
            this.jobId = jobId;
            this.partition = partition;
            this.encoder = encoder;
            this.event = event;
        }
    }
}
