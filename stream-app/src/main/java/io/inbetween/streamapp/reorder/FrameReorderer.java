package io.inbetween.streamapp.reorder;

import io.inbetween.wire.Topics;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.WireSerdes;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts each job's frames back in presentation order. Frames of a job arrive in any order (the
 * decoder sends originals at once, the interpolator replicas send synthesized frames whenever
 * their pair is done, and a retried pair sends its frames twice); this processor emits every
 * index exactly once, from 0 up, then the job's END_OF_STREAM marker, whose index is the job's
 * frame count. Frames of many jobs interleave freely: all state is keyed by job.
 *
 * <p>State, in two stores:
 * <ul>
 * <li>{@link #POSITIONS_STORE}: per job, the next index to emit and since when it is awaited
 *     (17 bytes a job). A finished job keeps a marker for {@link #FORGET_FINISHED_AFTER}, the
 *     retention of the frames topic, so that a retry arriving after the END is dropped.</li>
 * <li>{@link #EARLY_FRAMES_STORE}: the frames that arrived before their turn, keyed by job and
 *     big-endian index ({@link EarlyFrameKey}), so that one range scan yields the run that can
 *     follow the frame just emitted.</li>
 * <li>{@link JobStateTracker#STORE}, global, read only here: the state of every job, so that a
 *     job cancelled or failed is let go (its buffered frames dropped) instead of waiting forever.</li>
 * </ul>
 * Only frames that arrive early are stored. Every stored frame is copied to the store's
 * changelog topic (a few MB per frame, written once and deleted once with a tombstone): that copy
 * is what lets a restarted reorderer pick up without losing frames it had buffered, and it is
 * the price of buffering. A frame that is in order goes straight through and costs no store
 * write at all; the store's cache also absorbs frames released before the next commit, so they
 * never reach the changelog either.
 */
public final class FrameReorderer implements Processor<String, OutputFrame, String, OutputFrame> {
    private static final Logger log = LoggerFactory.getLogger(FrameReorderer.class);

    public static final String POSITIONS_STORE = "reorder-positions";
    public static final String EARLY_FRAMES_STORE = "reorder-early-frames";
    /** How often the stall check runs (wall clock). */
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);
    /** A job waiting this long for one index while later frames sit in the buffer is reported. */
    public static final Duration STALLED_AFTER = Duration.ofSeconds(60);
    /** How long a finished job's marker is kept: the retention of {@code inbetween.frames}. */
    public static final Duration FORGET_FINISHED_AFTER = Topics.FRAME_RETENTION;

    /** A job that waits for an index while later frames are buffered. */
    public record Stall(String jobId, long missingIndex, long nextBufferedIndex, Duration waiting) {}

    private ProcessorContext<String, OutputFrame> context;
    private KeyValueStore<String, JobPosition> positions;
    private KeyValueStore<Bytes, OutputFrame> earlyFrames;
    private KeyValueStore<String, String> jobStates;
    private Sensor duplicates;
    private Sensor buffered;

    static StoreBuilder<KeyValueStore<String, JobPosition>> positionsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POSITIONS_STORE), Serdes.String(), JobPosition.serde())
                .withCachingEnabled();
    }

    static StoreBuilder<KeyValueStore<Bytes, OutputFrame>> earlyFramesStore() {
        // Small segments, so that compaction soon drops the frames already released (it never
        // touches the active segment, 1 GB by default); larger than one record, which must fit.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EARLY_FRAMES_STORE), Serdes.Bytes(), WireSerdes.outputFrame())
                .withCachingEnabled()
                .withLoggingEnabled(Map.of("segment.bytes", Integer.toString(128 * 1024 * 1024),
                        "min.cleanable.dirty.ratio", "0.1"));
    }

    @Override public void init(ProcessorContext<String, OutputFrame> context) {
        this.context = context;
        this.positions = context.getStateStore(POSITIONS_STORE);
        this.earlyFrames = context.getStateStore(EARLY_FRAMES_STORE);
        this.jobStates = context.getStateStore(JobStateTracker.STORE);
        String task = context.taskId().toString();
        this.duplicates = context.metrics().addRateTotalSensor("reorderer", task, "duplicates-dropped", Sensor.RecordingLevel.INFO);
        this.buffered = context.metrics().addRateTotalSensor("reorderer", task, "frames-buffered", Sensor.RecordingLevel.INFO);
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override public void process(Record<String, OutputFrame> record) {
        OutputFrame frame = record.value();
        String job = frame.jobId();
        long now = context.currentSystemTimeMs();
        JobPosition stored = positions.get(job);
        JobPosition position = stored != null ? stored : JobPosition.start(now);

        if (!position.finished() && JobStateTracker.abandoned(jobStates, job)) {
            // cancelled or failed: whatever it waits for will not come
            if (stored != null) letGo(job, now);
            log.debug("job {} is {}: frame {} dropped", job, jobStates.get(job), frame.index());
        } else if (position.finished() || frame.index() < position.nextIndex()) {
            dropDuplicate(frame, position);
        } else if (frame.index() > position.nextIndex()) {
            Bytes key = EarlyFrameKey.of(job, frame.index());
            if (earlyFrames.get(key) != null) {
                dropDuplicate(frame, position);
                return;
            }
            earlyFrames.put(key, frame);
            buffered.record();
            if (stored == null) positions.put(job, position); // the wait starts now
        } else {
            emit(frame, record.timestamp());
            if (frame.isEndOfStream()) finish(job, frame.index(), now);
            else releaseRun(job, frame.index() + 1, record.timestamp(), now);
        }
    }

    /** Emits the buffered frames that follow without a gap, from {@code next} on. */
    private void releaseRun(String job, long next, long timestamp, long now) {
        List<Bytes> released = new ArrayList<>();
        boolean ended = false;
        try (KeyValueIterator<Bytes, OutputFrame> run = earlyFrames.range(EarlyFrameKey.of(job, next), EarlyFrameKey.last(job))) {
            while (run.hasNext()) {
                KeyValue<Bytes, OutputFrame> entry = run.next();
                if (entry.value.index() != next) break;
                emit(entry.value, timestamp);
                released.add(entry.key);
                next++;
                if (entry.value.isEndOfStream()) { ended = true; break; }
            }
        }
        released.forEach(earlyFrames::delete); // after the scan: no writes under an open iterator
        if (ended) finish(job, next - 1, now);
        else positions.put(job, new JobPosition(next, now, false));
    }

    private void finish(String job, long total, long now) {
        int leftovers = dropBuffered(job); // frames past the END would be bogus; they go with the job
        positions.put(job, JobPosition.finished(now));
        log.info("job {}: all {} frames forwarded in order{}", job, total,
                leftovers == 0 ? "" : ", " + leftovers + " frames past its end discarded");
    }

    /** A cancelled or failed job: its buffered frames are dropped and later ones ignored. */
    private void letGo(String job, long now) {
        int dropped = dropBuffered(job);
        positions.put(job, JobPosition.finished(now));
        log.info("job {} is {}: stopped reordering it, {} buffered frames dropped", job, jobStates.get(job), dropped);
    }

    private int dropBuffered(String job) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, OutputFrame> rest = earlyFrames.range(EarlyFrameKey.of(job, 0), EarlyFrameKey.last(job))) {
            while (rest.hasNext()) keys.add(rest.next().key);
        }
        keys.forEach(earlyFrames::delete);
        return keys.size();
    }

    private void emit(OutputFrame frame, long timestamp) {
        context.forward(new Record<>(frame.jobId(), frame, timestamp));
    }

    private void dropDuplicate(OutputFrame frame, JobPosition position) {
        duplicates.record();
        log.debug("job {}: dropped duplicate frame {} (next expected {})", frame.jobId(), frame.index(),
                position.finished() ? "none, job finished" : position.nextIndex());
    }

    /**
     * The periodic check: lets go of jobs cancelled or failed meanwhile, reports jobs stuck on a
     * missing index, and forgets finished jobs once no retry of theirs can still arrive.
     */
    List<Stall> sweep(long nowMillis) {
        List<Stall> stalls = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        List<String> abandoned = new ArrayList<>();
        try (KeyValueIterator<String, JobPosition> all = positions.all()) {
            while (all.hasNext()) {
                KeyValue<String, JobPosition> entry = all.next();
                JobPosition p = entry.value;
                long waited = nowMillis - p.sinceMillis();
                if (p.finished()) {
                    if (waited >= FORGET_FINISHED_AFTER.toMillis()) forgotten.add(entry.key);
                } else if (JobStateTracker.abandoned(jobStates, entry.key)) {
                    abandoned.add(entry.key);
                } else if (waited >= STALLED_AFTER.toMillis()) {
                    long firstBuffered = firstBufferedIndex(entry.key, p.nextIndex());
                    if (firstBuffered >= 0) stalls.add(new Stall(entry.key, p.nextIndex(), firstBuffered, Duration.ofMillis(waited)));
                }
            }
        }
        forgotten.forEach(positions::delete);
        abandoned.forEach(job -> letGo(job, nowMillis));
        for (Stall s : stalls)
            log.warn("job {} has waited {} s for frame {}; frames from {} on are buffered behind it",
                    s.jobId(), s.waiting().toSeconds(), s.missingIndex(), s.nextBufferedIndex());
        return stalls;
    }

    private long firstBufferedIndex(String job, long from) {
        try (KeyValueIterator<Bytes, OutputFrame> it = earlyFrames.range(EarlyFrameKey.of(job, from), EarlyFrameKey.last(job))) {
            return it.hasNext() ? EarlyFrameKey.index(it.peekNextKey()) : -1;
        }
    }
}
