package io.inbetween.streamapp.reorder;

import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobState;
import io.inbetween.wire.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Keeps every job's state from {@code inbetween.jobs} in a global store, so that the reorderer
 * can let go of a job that was cancelled or failed: its missing frames will never come, and its
 * buffered frames would otherwise stay in the store (and its changelog) for good. Only the state
 * is kept, a few bytes a job; a final state is never left, as in {@link JobEvent#merge}.
 */
final class JobStateTracker implements Processor<byte[], byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(JobStateTracker.class);
    static final String STORE = "reorder-job-states";

    private KeyValueStore<String, String> states;

    /** Rebuilt from the compacted jobs topic at start, so it needs no changelog of its own. */
    static StoreBuilder<KeyValueStore<String, String>> store() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String()).withLoggingDisabled();
    }

    /** True when the job was cancelled or failed, as far as the store knows. */
    static boolean abandoned(KeyValueStore<String, String> states, String jobId) {
        String state = states.get(jobId);
        return JobState.CANCELLED.name().equals(state) || JobState.FAILED.name().equals(state);
    }

    @Override public void init(ProcessorContext<Void, Void> context) { states = context.getStateStore(STORE); }

    @Override public void process(Record<byte[], byte[]> record) {
        if (record.key() == null) return;
        String job = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) { // tombstone: the job was deleted
            states.delete(job);
            return;
        }
        JobState state;
        try {
            state = Topics.JOB_EVENTS.value(record.value()).state();
        } catch (RuntimeException e) {
            log.warn("unreadable job event for {} on {} ignored: {}", job, Topics.JOBS, e.getMessage());
            return;
        }
        String known = states.get(job);
        if (known == null || !JobState.valueOf(known).isFinal()) states.put(job, state.name());
    }
}
