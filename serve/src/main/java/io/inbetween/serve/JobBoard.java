package io.inbetween.serve;

import io.inbetween.local.JobClient;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobState;
import io.inbetween.decoder.LiveStatus;
import io.inbetween.wire.VideoInfo;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every job's latest state, read from the compacted jobs topic (so it survives a restart of the
 * server), plus what only a watcher can know: how fast each job is going and when it will end.
 * One thread follows the topic; HTTP threads read snapshots.
 */
final class JobBoard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobBoard.class);
    /** Throughput is measured over this window: long enough to smooth batching, short enough to follow changes. */
    private static final long RATE_WINDOW_NANOS = Duration.ofSeconds(8).toNanos();

    /** Where live jobs' statuses come from: the decoder of this process, when it runs here. */
    private volatile Function<String, LiveStatus> liveStatuses = jobId -> null;

    void readLiveStatusFrom(Function<String, LiveStatus> statuses) { this.liveStatuses = statuses; }

    /** One job as the API shows it. */
    /** @param live the decoder's view of a live job when it runs in this process, else null */
    record Tracked(JobEvent event, VideoInfo probed, long firstSeenMillis, double fps, Double etaSeconds, LiveStatus live) {
        String id() { return event.jobId(); }

        VideoInfo info() { return event.info() != null ? event.info() : probed; }

        /** The job's frame count: the decoder's, else an estimate from the source duration. */
        long expectedFrames() {
            if (event.totalFrames() > 0) return event.totalFrames();
            VideoInfo i = info();
            if (i == null || i.durationMicros() <= 0 || i.outputRate() == null) return -1;
            return (long) Math.ceil(i.durationMicros() / 1e6 * i.outputRate().toDouble());
        }
    }

    private final class Entry {
        JobEvent event;
        /** Only progress seen while the job ran counts as frames written by this cluster since start. */
        final boolean watchedRunning;
        VideoInfo probed;
        final long firstSeenMillis;
        final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanoTime, framesDone}

        Entry(JobEvent event, long firstSeenMillis) {
            this.event = event;
            this.firstSeenMillis = firstSeenMillis;
            this.watchedRunning = !event.state().isFinal();
        }

        synchronized void update(JobEvent next, long now) {
            long before = event.framesDone();
            event = JobEvent.merge(event, next);
            if (watchedRunning) written.add(Math.max(0, event.framesDone() - before));
            samples.addLast(new long[] {now, event.framesDone()});
            while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW_NANOS) samples.removeFirst();
        }

        synchronized Tracked snapshot(long now) {
            double fps = 0;
            if (event.state() == JobState.RUNNING && samples.size() >= 2) {
                long[] first = samples.peekFirst();
                double seconds = (now - first[0]) / 1e9;
                if (seconds > 0.5) fps = (event.framesDone() - first[1]) / seconds;
            }
            Tracked t = new Tracked(event, probed, firstSeenMillis, fps, null, liveStatuses.apply(event.jobId()));
            long expected = t.expectedFrames();
            Double eta = fps > 0 && expected > 0 ? Math.max(0, expected - event.framesDone()) / fps : null;
            return new Tracked(event, probed, firstSeenMillis, fps, eta, t.live());
        }
    }

    private final java.util.concurrent.atomic.LongAdder written = new java.util.concurrent.atomic.LongAdder();
    private final JobClient client;
    private final Map<String, Entry> jobs = new ConcurrentHashMap<>();
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();
    private final Thread follower;
    private volatile boolean closed;
    private volatile boolean caughtUp;

    JobBoard(JobClient client) {
        this.client = client;
        this.follower = new Thread(this::follow, "inbetween-job-board");
        this.follower.setDaemon(true);
    }

    void start() { follower.start(); }

    /** Shows a job the moment it is submitted, before its event comes back from the topic. */
    void submitted(JobEvent queued, VideoInfo probed) {
        Entry e = new Entry(queued, System.currentTimeMillis());
        e.probed = probed;
        e.update(queued, System.nanoTime());
        jobs.put(queued.jobId(), e);
    }

    /** Records a state this server published (a cancel), so readers see it before the topic echoes it. */
    void published(JobEvent event) {
        Entry e = jobs.get(event.jobId());
        if (e != null) e.update(event, System.nanoTime());
    }

    /** Drops a deleted job; its tombstone on the topic removes it for every other reader. */
    void forget(String jobId) {
        forgotten.add(jobId);
        jobs.remove(jobId);
    }

    Optional<Tracked> get(String jobId) {
        Entry e = jobs.get(jobId);
        return e == null ? Optional.empty() : Optional.of(e.snapshot(System.nanoTime()));
    }

    /** Every job, newest first. */
    List<Tracked> all() {
        long now = System.nanoTime();
        return jobs.values().stream().map(e -> e.snapshot(now))
                .sorted(Comparator.comparingLong(Tracked::firstSeenMillis).reversed().thenComparing(Tracked::id))
                .toList();
    }

    /** Jobs not yet in a final state: what the pipeline still has to do. */
    int activeCount() {
        int n = 0;
        for (Entry e : jobs.values()) synchronized (e) { if (!e.event.state().isFinal()) n++; }
        return n;
    }

    long count(JobState state) {
        long n = 0;
        for (Entry e : jobs.values()) synchronized (e) { if (e.event.state() == state) n++; }
        return n;
    }

    /** Output frames the encoders reported while this server watched: the cluster's frames out. */
    long framesWritten() { return written.sum(); }

    /** True once the topic has been read to its end at least once: before that, the list may be short. */
    boolean caughtUp() { return caughtUp; }

    private void follow() {
        while (!closed) {
            try {
                Map<String, JobEvent> latest = client.poll(Duration.ofMillis(250));
                long now = System.nanoTime();
                Set<String> present = new HashSet<>(latest.keySet());
                for (Map.Entry<String, JobEvent> m : latest.entrySet()) {
                    if (forgotten.contains(m.getKey())) continue;
                    jobs.compute(m.getKey(), (id, entry) -> {
                        if (entry == null) entry = new Entry(m.getValue(), m.getValue().atMillis());
                        entry.update(m.getValue(), now);
                        return entry;
                    });
                }
                // a tombstone written by another server removes the job from the client's view too
                jobs.keySet().removeIf(id -> !present.contains(id) && isSettled(id));
                caughtUp = true;
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                break;
            } catch (RuntimeException e) {
                if (!closed) log.warn("reading {} failed, retrying: {}", io.inbetween.wire.Topics.JOBS, e.getMessage());
                sleepQuietly(1000);
            }
        }
    }

    /** A job only this server knows of yet (just submitted) is kept until the topic has it. */
    private boolean isSettled(String id) {
        Entry e = jobs.get(id);
        return e != null && System.currentTimeMillis() - e.firstSeenMillis > 30_000;
    }

    private static void sleepQuietly(long millis) {
        try { Thread.sleep(millis); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }

    @Override public void close() {
        closed = true;
        try {
            follower.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
