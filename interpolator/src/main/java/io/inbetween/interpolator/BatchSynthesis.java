package io.inbetween.interpolator;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.inbetween.wire.WireSerdes;

import io.inbetween.wire.JobEvent;

import io.inbetween.model.synthesis.FrameSynthesizer;
import io.inbetween.model.synthesis.SynthesisException;
import io.inbetween.model.synthesis.SynthesisRequest;
import io.inbetween.wire.DeadLetters;
import io.inbetween.wire.FrameBlend;
import io.inbetween.wire.FrameOrigin;
import io.inbetween.wire.OneLine;
import io.inbetween.wire.FramePair;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.RgbFrame;
import io.inbetween.wire.Slot;
import io.inbetween.wire.Topics;
import io.inbetween.wire.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One batch of pair records, worked off the poll thread: decode, skip abandoned jobs, fill
 * scene-cut slots with the nearest original, synthesize the rest in one call, publish, and wait
 * until the broker has acknowledged every record sent, so that the caller may commit the batch.
 * Bad records go to the dead-letter topic; anything else that fails is thrown, and the batch
 * must then stay uncommitted.
 */
final class BatchSynthesis {
    private static final Logger log = LoggerFactory.getLogger(BatchSynthesis.class);

    /** What a finished batch did; every record it sent has been acknowledged. */
    record Outcome(int pairs, int frames, int poison, int skipped, int late) {}

    private final FrameSynthesizer synthesizer;
    private final Producer<byte[], byte[]> producer;
    private final JobStates jobs;
    private final WorkTally tally;
    private final Set<String> skippedJobsLogged = new HashSet<>(); // worker thread only

    BatchSynthesis(FrameSynthesizer synthesizer, Producer<byte[], byte[]> producer, JobStates jobs, WorkTally tally) {
        this.synthesizer = synthesizer;
        this.producer = producer;
        this.jobs = jobs;
        this.tally = tally;
    }

    /** A pair waiting for synthesis, then its frames or the reason it could not have them. */
    private static final class Work {
        final ConsumerRecord<byte[], byte[]> record;
        final FramePair pair;
        List<RgbFrame> frames;
        String failure;

        Work(ConsumerRecord<byte[], byte[]> record, FramePair pair) { this.record = record; this.pair = pair; }
    }

    Outcome process(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<Work> toSynthesize = new ArrayList<>();
        int pairs = 0, frames = 0, poison = 0, skipped = 0, late = 0;
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            FramePair pair;
            try {
                pair = Topics.FRAME_PAIRS.value(record.value());
                if (pair == null) throw new WireFormatException("empty record (a tombstone) where a frame pair was expected");
            } catch (RuntimeException e) {
                sent.add(DeadLetters.publish(producer, record, e.getMessage()));
                failJobOf(record.key(), e.getMessage(), sent);
                poison++;
                continue;
            }
            if (jobs.abandoned(pair.jobId())) {
                if (skippedJobsLogged.add(pair.jobId())) log.info("skipping the pairs of job {}: it was cancelled or failed", pair.jobId());
                skipped++;
                continue;
            }
            if (pair.slots().isEmpty()) {
                pairs++;
            } else if (pair.sceneCut()) {
                publishOriginal(pair, sent);
                for (Slot slot : pair.slots())
                    sent.add(publish(pair, slot, FrameOrigin.NEAREST, FrameBlend.nearest(pair.frame0(), pair.frame1(), slot.tau())));
                frames += pair.slots().size();
                pairs++;
            } else if (pair.isLate(now)) {
                // queued before its live job stepped down: a blend now beats the model's frame too late
                publishOriginal(pair, sent);
                for (Slot slot : pair.slots())
                    sent.add(publish(pair, slot, FrameOrigin.SYNTHESIZED, FrameBlend.blend(pair.frame0(), pair.frame1(), slot.tau())));
                frames += pair.slots().size();
                pairs++;
                late++;
            } else {
                toSynthesize.add(new Work(record, pair));
            }
        }
        synthesize(toSynthesize);
        for (Work work : toSynthesize) {
            if (work.failure != null) {
                String reason = "synthesis failed for pair " + work.pair.key() + ": " + work.failure;
                sent.add(DeadLetters.publish(producer, work.record, reason));
                failJob(work.pair.jobId(), reason, sent);
                poison++;
                continue;
            }
            publishOriginal(work.pair, sent);
            for (int i = 0; i < work.frames.size(); i++)
                sent.add(publish(work.pair, work.pair.slots().get(i), FrameOrigin.SYNTHESIZED, work.frames.get(i)));
            frames += work.frames.size();
            pairs++;
        }
        awaitAcknowledgements(sent);
        Outcome outcome = new Outcome(pairs, frames, poison, skipped, late);
        if (late > 0) log.debug("{} late live pairs blended", late);
        tally.add(outcome);
        return outcome;
    }

    /**
     * A pair set aside leaves its job a frame short for good: the job fails now, with the reason,
     * instead of waiting for the encoder's stall timeout. The pair's key ({@code job/seq}) names
     * the job even when its payload cannot be read; a key that names no known job fails none.
     */
    private void failJobOf(byte[] key, String reason, List<Future<RecordMetadata>> sent) {
        if (key == null) return;
        String k = new String(key, java.nio.charset.StandardCharsets.UTF_8);
        int slash = k.lastIndexOf('/');
        failJob(slash > 0 ? k.substring(0, slash) : k, reason, sent);
    }

    private void failJob(String jobId, String reason, List<Future<RecordMetadata>> sent) {
        JobEvent event = jobs.latest(jobId);
        if (event == null || event.state().isFinal()) return;
        String why = "a frame pair could not be used and was set aside on " + Topics.DEAD_LETTERS + ": " + reason;
        log.warn("job {} failed: {}", jobId, why);
        sent.add(producer.send(new ProducerRecord<>(Topics.JOBS, jobId.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                WireSerdes.writeJob(Topics.JOBS, event.failed(OneLine.of(why, "poison record"))))));
    }

    /** All pairs in one call; if that call refuses, each pair alone, so one bad pair cannot sink the batch. */
    private void synthesize(List<Work> work) {
        if (work.isEmpty()) return;
        try {
            List<List<RgbFrame>> frames = timed(work);
            for (int i = 0; i < work.size(); i++) work.get(i).frames = frames.get(i);
        } catch (SynthesisException batchFailure) {
            if (work.size() == 1) {
                work.get(0).failure = OneLine.of(batchFailure);
                return;
            }
            log.warn("a batch of {} pairs failed ({}); retrying its pairs one by one", work.size(), OneLine.of(batchFailure));
            for (Work one : work) {
                try {
                    one.frames = timed(List.of(one)).get(0);
                } catch (SynthesisException e) {
                    one.failure = OneLine.of(e);
                }
            }
        }
    }

    private List<List<RgbFrame>> timed(List<Work> work) {
        List<SynthesisRequest> requests = new ArrayList<>(work.size());
        for (Work w : work) requests.add(request(w.pair));
        long start = System.nanoTime();
        List<List<RgbFrame>> frames;
        try {
            frames = synthesizer.synthesize(requests);
        } finally {
            tally.synthesized(System.nanoTime() - start);
        }
        checkShape(requests, frames);
        return frames;
    }

    /** Every slot samples with the job seed plus its output index: its frame is the same whichever batch or replica made it. */
    static SynthesisRequest request(FramePair pair) {
        int n = pair.slots().size();
        double[] taus = new double[n];
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            Slot slot = pair.slots().get(i);
            taus[i] = slot.tau();
            seeds[i] = pair.seed() + slot.outputIndex();
        }
        return new SynthesisRequest(pair.frame0(), pair.frame1(), taus, pair.steps(), seeds);
    }

    /** A backend that answers with the wrong number or size of frames is broken, not the input: stop. */
    private void checkShape(List<SynthesisRequest> requests, List<List<RgbFrame>> frames) {
        if (frames == null || frames.size() != requests.size())
            throw new IllegalStateException("synthesizer returned " + (frames == null ? "nothing" : frames.size() + " results")
                    + " for " + requests.size() + " pairs: " + synthesizer.description());
        for (int i = 0; i < requests.size(); i++) {
            SynthesisRequest request = requests.get(i);
            List<RgbFrame> made = frames.get(i);
            if (made == null || made.size() != request.taus().length)
                throw new IllegalStateException("synthesizer returned " + (made == null ? "no" : made.size()) + " frames for "
                        + request.taus().length + " taus: " + synthesizer.description());
            for (RgbFrame frame : made)
                if (frame == null || !frame.sameSizeAs(request.frame0()))
                    throw new IllegalStateException("synthesizer returned " + frame + " for a pair of " + request.frame0()
                            + ": " + synthesizer.description());
        }
    }

    private Future<RecordMetadata> publish(FramePair pair, Slot slot, FrameOrigin origin, RgbFrame frame) {
        OutputFrame out = new OutputFrame(pair.jobId(), slot.outputIndex(), origin, slot.tau(), frame, pair.publishedAtMillis());
        return producer.send(Topics.OUTPUT_FRAMES.record(pair.jobId(), out));
    }

    /** The pair's first frame, when it is itself an output frame: it goes out just before the frames after it. */
    private void publishOriginal(FramePair pair, List<Future<RecordMetadata>> sent) {
        if (pair.carriesOriginal()) sent.add(producer.send(Topics.OUTPUT_FRAMES.record(pair.jobId(), pair.original())));
    }

    private static void awaitAcknowledgements(List<Future<RecordMetadata>> sent) {
        for (Future<RecordMetadata> ack : sent) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not acknowledge an output record: " + OneLine.of(e.getCause()), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka to acknowledge output records", e);
            }
        }
    }
}
