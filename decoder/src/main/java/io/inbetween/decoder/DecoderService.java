package io.inbetween.decoder;

import io.inbetween.wire.PathRoots;

import io.inbetween.decoder.source.SourcePolicy;
import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.DeadLetters;
import io.inbetween.wire.FlowLimits;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobState;
import io.inbetween.wire.KafkaClientSettings;
import io.inbetween.wire.KafkaClients;
import io.inbetween.wire.OneLine;
import io.inbetween.wire.SafeOffsets;
import io.inbetween.wire.ServiceLoop;
import io.inbetween.wire.Topics;
import io.inbetween.wire.WireFormatException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The long-running decoder: takes queued jobs from {@link Topics#JOBS} (consumer group
 * {@link ConfigKeys#DECODER_GROUP}) and decodes them with a {@link JobDecoder}: files one at a time, live sources each beside them.
 *
 * <p>The job runs on a worker thread while this thread keeps polling, so a long video never
 * exceeds max.poll.interval.ms, and a CANCELLED event for the running job is seen at once and
 * stops it. (Pausing the partition instead would hide that event.) Offsets are committed only
 * up to the first job that is not fully published: after a crash, the job is read again, found
 * RUNNING without a total, and decoded again by whichever decoder owns the partition; downstream
 * drops the duplicate frames.
 */
public final class DecoderService extends ServiceLoop {
    private static final Logger log = LoggerFactory.getLogger(DecoderService.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final JobDecoder decoder;
    private final Duration liveTimeout;
    /** Files, one at a time: they go as fast as the interpolators let them. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "decoder-job");
        t.setDaemon(true);
        return t;
    });
    /** Live sources, each on a thread of its own beside the files: a feed may run for days, and must not hold them up. */
    private final ExecutorService liveWorkers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "decoder-live-job");
        t.setDaemon(true);
        return t;
    });
    /** Live jobs this decoder runs at once at most; more wait for one to end. */
    public static final int MAX_LIVE_JOBS = 4;

    // Owned by the polling thread.
    /** Written by the polling thread; the job's worker reads the encoder's progress from it. */
    private final Map<String, JobEvent> known = new java.util.concurrent.ConcurrentHashMap<>();
    /** Jobs to decode, in the order first seen; each holds its partition's commits at the record it was seen at. */
    private final Map<String, TopicPartition> waiting = new LinkedHashMap<>();
    private final Set<String> startedHere = new HashSet<>();
    private final SafeOffsets offsets = new SafeOffsets();
    /** Jobs being decoded: at most one file, and up to {@link #MAX_LIVE_JOBS} live sources. */
    private final Map<String, Running> running = new LinkedHashMap<>();

    private record Running(String jobId, TopicPartition partition, Future<?> future, AtomicBoolean cancel, AtomicBoolean stop,
                           boolean live) {}

    public DecoderService(Map<String, Object> kafkaConfig) {
        this(kafkaConfig, JobDecoder.DEFAULT_LIVE_TIMEOUT);
    }

    public DecoderService(Map<String, Object> kafkaConfig, Duration liveTimeout) {
        this(kafkaConfig, liveTimeout, LiveOptions.DEFAULT);
    }

    public DecoderService(Map<String, Object> kafkaConfig, Duration liveTimeout, LiveOptions live) {
        this(kafkaConfig, liveTimeout, live, PathRoots.ANYWHERE);
    }

    /** @param roots the folders whose files jobs may read */
    public DecoderService(Map<String, Object> kafkaConfig, Duration liveTimeout, LiveOptions live, PathRoots roots) {
        this(new KafkaConsumer<>(consumerConfig(kafkaConfig)), new KafkaProducer<>(JobDecoder.producerConfig(kafkaConfig)),
                liveTimeout, live, roots);
    }

    DecoderService(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, Duration liveTimeout) {
        this(consumer, producer, liveTimeout, LiveOptions.DEFAULT, PathRoots.ANYWHERE);
    }

    DecoderService(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, Duration liveTimeout, LiveOptions live,
                   PathRoots roots) {
        super("decoder", liveTimeout.plusSeconds(60));
        this.consumer = consumer;
        this.producer = producer;
        this.liveTimeout = liveTimeout;
        this.decoder = new JobDecoder(producer, liveTimeout, live, roots, false);
        decoder.holdBackBy(this::framesWritten);
        decoder.measureLagBy(known::get);
    }

    /** The live job this decoder runs or ran last, or null; for the status line and metrics. */
    public LiveStatus liveStatus() { return decoder.liveStatus(); }

    /** A live job's latest status on this decoder, or null. */
    public LiveStatus liveStatus(String jobId) { return decoder.liveStatus(jobId); }

    @Override public KafkaClients kafkaClients() { return KafkaClients.of(consumer, producer); }

    /** The encoder's progress on a job as last read, or -1 when unknown or older than FlowLimits.PROGRESS_STALE_MILLIS. */
    private long framesWritten(String jobId) { return FlowLimits.framesWritten(known.get(jobId), System.currentTimeMillis()); }

    /** Source frames decoded and scene cuts found by this service, for metrics. */
    public JobDecoder.Stats stats() { return decoder.stats(); }

    /**
     * Group membership, manual commits, the whole compacted history on first start
     * ({@link KafkaClientSettings#groupConsumer}) with job ids as string keys, then the caller's
     * settings, which may override any of them (the command's --kafka).
     */
    public static Map<String, Object> consumerConfig(Map<String, Object> kafkaConfig) {
        Map<String, Object> config = KafkaClientSettings.groupConsumer(Map.of(), ConfigKeys.DECODER_GROUP);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.putAll(kafkaConfig);
        return config;
    }

    @Override protected void start() {
        consumer.subscribe(List.of(Topics.JOBS), new ConsumerRebalanceListener() {
            @Override public void onPartitionsRevoked(Collection<TopicPartition> partitions) { release(partitions); }

            @Override public void onPartitionsLost(Collection<TopicPartition> partitions) { release(partitions); }

            @Override public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) log.info("decoder: now reading jobs from {}", partitions);
            }
        });
        log.info("decoder: waiting for jobs on {}", Topics.JOBS);
    }

    @Override protected void step() {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<String, byte[]> record : records) {
            take(record);
            offsets.handled(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
        finishJob();
        // Only once caught up: a job's later events (DONE, CANCELLED) may be in the next batch.
        if (records.isEmpty()) startJob();
        commit();
    }

    @Override protected void wakeUp() { consumer.wakeup(); }

    /** Folds one jobs-topic record into what is known, and decides whether the job needs decoding. */
    private void take(ConsumerRecord<String, byte[]> record) {
        String jobId = record.key();
        JobEvent event;
        try {
            event = Topics.JOB_EVENTS.value(record.value());
        } catch (WireFormatException e) {
            DeadLetters.publish(producer, record, e.getMessage());
            return;
        }
        if (event == null) { // tombstone: the job was deleted
            known.remove(jobId);
            stopWaiting(jobId);
            cancelIfRunning(jobId, "deleted");
            return;
        }
        if (jobId == null || !jobId.equals(event.jobId())) {
            DeadLetters.publish(producer, record, "job event for " + event.jobId() + " under key " + jobId);
            return;
        }
        JobEvent state = JobEvent.merge(known.get(jobId), event);
        known.put(jobId, state);
        if (state.state() == JobState.CANCELLED) cancelIfRunning(jobId, "cancelled");
        if (state.state() == JobState.STOPPING && isRunning(jobId) && running.get(jobId).stop().compareAndSet(false, true))
            log.info("decoder: job {} was asked to stop; its feed ends after what was read", jobId);
        if (needsDecoding(state)) {
            if (!waiting.containsKey(jobId) && !isRunning(jobId)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                waiting.put(jobId, partition);
                offsets.hold(jobId, partition, record.offset());
            }
        } else {
            stopWaiting(jobId);
        }
    }

    private void stopWaiting(String jobId) {
        if (waiting.remove(jobId) != null) offsets.release(jobId);
    }

    /** Queued, or left RUNNING without a total by a decoder that died before finishing it. */
    private boolean needsDecoding(JobEvent state) {
        if (state.state() == JobState.QUEUED) return true;
        return state.state() == JobState.RUNNING && state.totalFrames() < 0 && !startedHere.contains(state.jobId());
    }

    /** Starts the first waiting job that has room: a file when no file runs, a live source when fewer than the most do. */
    private void startJob() {
        if (waiting.isEmpty() || stopping()) return;
        boolean fileRunning = running.values().stream().anyMatch(r -> !r.live());
        long liveRunning = running.values().stream().filter(Running::live).count();
        for (Map.Entry<String, TopicPartition> next : waiting.entrySet()) {
            String jobId = next.getKey();
            JobEvent state = known.get(jobId);
            boolean live = SourcePolicy.isNetwork(state.spec().input());
            if (live ? liveRunning >= MAX_LIVE_JOBS : fileRunning) continue;
            waiting.remove(jobId); // its hold stays until the job is finished
            startedHere.add(jobId);
            AtomicBoolean cancel = new AtomicBoolean(), stop = new AtomicBoolean();
            log.info("decoder: starting job {} ({}{})", jobId, state.spec().input(),
                    state.state() == JobState.RUNNING ? ", left unfinished by a previous decoder" : "");
            Future<?> future = (live ? liveWorkers : worker).submit(() -> decode(state, cancel, stop));
            running.put(jobId, new Running(jobId, next.getValue(), future, cancel, stop, live));
            return;
        }
    }

    private void decode(JobEvent state, AtomicBoolean cancel, AtomicBoolean stop) {
        try {
            decoder.decode(state.spec(), () -> cancel.get() || stopping(), stop::get);
        } catch (InputException | CancellationException e) {
            // JobDecoder logged it and published the failure; the service goes on with the next job
        } catch (RuntimeException e) {
            log.error("decoder: job {} failed: {}", state.jobId(), OneLine.of(e));
        }
    }

    private void finishJob() {
        for (Running r : List.copyOf(running.values())) {
            if (!r.future().isDone()) continue;
            log.info("decoder: job {} finished", r.jobId());
            offsets.release(r.jobId());
            running.remove(r.jobId());
        }
    }

    private boolean isRunning(String jobId) { return running.containsKey(jobId); }

    private void cancelIfRunning(String jobId, String why) {
        Running r = running.get(jobId);
        if (r != null && r.cancel().compareAndSet(false, true))
            log.info("decoder: job {} was {}, stopping it", jobId, why);
    }

    /** Commits each partition up to the first job not yet fully published. */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> safe = offsets.toCommit();
        safe.keySet().retainAll(consumer.assignment());
        if (safe.isEmpty()) return;
        consumer.commitSync(safe);
        offsets.committed(safe);
    }

    /** Another decoder takes these partitions over: stop our jobs there, forget their state (it will be re-read). */
    private void release(Collection<TopicPartition> partitions) {
        for (Running r : List.copyOf(running.values())) {
            if (!partitions.contains(r.partition())) continue;
            cancelIfRunning(r.jobId(), "reassigned to another decoder");
            await(r);
            running.remove(r.jobId());
        }
        waiting.values().removeIf(partitions::contains);
        offsets.forget(partitions);
        known.clear();
        startedHere.clear();
    }

    private void await(Running r) {
        try {
            r.future().get(liveTimeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("decoder: job {} did not stop cleanly: {}", r.jobId(), OneLine.of(e));
        }
    }

    /** Stops the running jobs (they are decoded again later), and closes the clients. */
    @Override protected void shutDown() {
        running.values().forEach(r -> r.cancel().set(true));
        running.values().forEach(this::await);
        worker.shutdownNow();
        liveWorkers.shutdownNow();
        closeQuietly("consumer", consumer::close);
        closeQuietly("producer", () -> producer.close(Duration.ofSeconds(30)));
        log.info("decoder: stopped");
    }
}
