package io.inbetween.interpolator;

import io.inbetween.wire.FlowLimits;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobTable;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * Which jobs were cancelled or failed, so that their pairs are skipped: the {@link JobTable} of
 * the jobs topic (each replica reads all of it). Polled on the service's poll thread;
 * {@link #abandoned} is safe from any thread.
 */
final class JobStates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobStates.class);

    private final JobTable table;

    JobStates(Consumer<byte[], byte[]> consumer) { this.table = new JobTable(consumer); }

    /** Reads the topic from its beginning up to its current end, so work starts with the states known. */
    void catchUp(Duration limit, String where) {
        table.catchUp(limit, where);
        Map<String, JobEvent> jobs = table.snapshot();
        long abandoned = jobs.values().stream().filter(e -> e.state().isAbandoned()).count();
        log.info("job states read: {} jobs known, {} cancelled or failed", jobs.size(), abandoned);
    }

    /**
     * The last pair sequence number of the job that a replica may synthesize now: at most
     * {@link FlowLimits#MAX_PAIRS_AHEAD} source frames past what the encoder has written;
     * unlimited while the job's progress is unknown or stale.
     */
    long lastPairAllowed(String jobId, long nowMillis) {
        JobEvent event = table.get(jobId);
        long written = FlowLimits.framesWritten(event, nowMillis);
        if (written < 0 || event.info() == null) return Long.MAX_VALUE;
        return FlowLimits.lastPairAllowed(written, event.info(), FlowLimits.MAX_PAIRS_AHEAD);
    }

    /** Takes in whatever job events arrived since the last call, without waiting. */
    void refresh() {
        for (JobTable.Change change : table.poll(Duration.ZERO)) {
            boolean before = change.before() != null && change.before().state().isAbandoned();
            if (!before && change.after() != null && change.after().state().isAbandoned())
                log.info("job {} is {}: its remaining pairs will be skipped", change.jobId(), change.after().state());
        }
    }

    /** True when the job was cancelled or failed: its pairs need no work. */
    boolean abandoned(String jobId) {
        JobEvent event = table.get(jobId);
        return event != null && event.state().isAbandoned();
    }

    /** The job's latest event, or null when it is not known. */
    JobEvent latest(String jobId) { return table.get(jobId); }

    void wakeup() { table.wakeup(); }

    @Override
    public void close() { table.close(); }
}
