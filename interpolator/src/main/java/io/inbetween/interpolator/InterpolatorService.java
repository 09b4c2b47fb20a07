package io.inbetween.interpolator;

import io.inbetween.model.synthesis.FrameSynthesizer;
import io.inbetween.wire.ConfigKeys;
import io.inbetween.wire.FlowLimits;
import io.inbetween.wire.KafkaClients;
import io.inbetween.wire.OneLine;
import io.inbetween.wire.ServiceLoop;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One interpolator replica: a member of the {@link ConfigKeys#INTERPOLATOR_GROUP} group on
 * {@link Topics#PAIRS} that synthesizes the in-between frames of each pair and publishes them
 * to {@link Topics#FRAMES}.
 *
 * <p>The loop: poll into a bounded prefetch ({@link FlowLimits}) → take its oldest pairs (by
 * publish time, then job, then sequence: {@link PairOrder}), so that frames leave in presentation
 * order whatever partitions they came from → work the batch on a worker thread (synthesis, then
 * publishing, then waiting for every acknowledgement) while the poll thread keeps polling (and
 * fetching, until the prefetch is full; then the assignment is paused), so a slow model never
 * costs the group membership → commit. A partition is committed up to its oldest pair not yet
 * done, so offsets cover only outputs the broker holds; a replica that dies loses nothing, its
 * pairs are redone by another (duplicates are dropped downstream).
 *
 * <p>Rebalances: when a partition with work in flight is revoked, the batch is finished and
 * committed inside the callback before the partition is handed over (no duplicate work; a batch
 * longer than max.poll.interval.ms there costs the membership, and its commit is then refused, so
 * the pairs are redone); a lost partition (the group went on without us) is never committed for.
 */
public final class InterpolatorService extends ServiceLoop {
    private static final Logger log = LoggerFactory.getLogger(InterpolatorService.class);

    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    /** While a batch is in flight: poll briefly (returns nothing, the assignment is paused), then wait on the batch. */
    private static final Duration BUSY_POLL = Duration.ofMillis(50);
    private static final Duration BUSY_WAIT = Duration.ofMillis(200);
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(60);

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final JobStates jobs;
    private final KafkaClients clients;
    private final FrameSynthesizer synthesizer;
    private final BatchSynthesis batches;
    private final WorkTally tally = new WorkTally();
    private final int batchSize;
    private final int prefetch;
    /** The prefetch grows to the next pair of every assigned partition (FlowLimits); the tests' mock clients hold it fixed. */
    private final boolean prefetchCoversPartitions;
    private final Duration startupLimit;
    private final String where;
    private final ExecutorService worker;

    // poll thread only (the rebalance callbacks run inside poll)
    private final PriorityQueue<ConsumerRecord<byte[], byte[]>> pending = new PriorityQueue<>(PairOrder.OLDEST_FIRST);
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private InFlight inFlight;
    /** Bytes of the batch in flight, for the prefetch's byte bound. */
    private long inFlightBytes;

    /**
     * @param kafkaConfig common client settings, at least {@code bootstrap.servers}; the service adds its own
     * @param synthesizer used from the worker thread only; the caller closes it after this service
     * @param batchSize   most pairs per synthesizer call
     */
    public InterpolatorService(Map<String, Object> kafkaConfig, FrameSynthesizer synthesizer, int batchSize) {
        this(InterpolatorClients.open(kafkaConfig, checkedBatchSize(batchSize)), synthesizer, batchSize,
                FlowLimits.prefetchPairs(batchSize), true, STARTUP_LIMIT);
    }

    InterpolatorService(InterpolatorClients clients, FrameSynthesizer synthesizer, int batchSize, int prefetch, Duration startupLimit) {
        this(clients, synthesizer, batchSize, prefetch, false, startupLimit);
    }

    /** @param prefetch most pairs held, fetched and in flight */
    private InterpolatorService(InterpolatorClients clients, FrameSynthesizer synthesizer, int batchSize, int prefetch,
                                boolean prefetchCoversPartitions, Duration startupLimit) {
        super("interpolator", CLOSE_LIMIT);
        this.consumer = clients.pairs();
        this.producer = clients.producer();
        this.jobs = new JobStates(clients.jobs());
        this.clients = KafkaClients.of(clients.pairs(), clients.producer(), clients.jobs());
        this.synthesizer = synthesizer;
        this.batchSize = checkedBatchSize(batchSize);
        if (prefetch < 1) throw new IllegalArgumentException("the prefetch must hold at least one pair, got " + prefetch);
        this.prefetch = prefetch;
        this.prefetchCoversPartitions = prefetchCoversPartitions;
        this.startupLimit = startupLimit;
        this.where = clients.where();
        this.batches = new BatchSynthesis(synthesizer, producer, jobs, tally);
        this.worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "interpolator-synthesis");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static int checkedBatchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be 1 or more, got " + batchSize);
        return batchSize;
    }

    @Override protected void start() {
        tally.started();
        jobs.catchUp(startupLimit, where);
        consumer.subscribe(List.of(Topics.PAIRS), new SafeRebalance());
        log.info("interpolator joined group {} on {}: batches of up to {} pairs, synthesizer {}",
                ConfigKeys.INTERPOLATOR_GROUP, Topics.PAIRS, batchSize, synthesizer.description());
    }

    @Override protected void step() {
        jobs.refresh();
        if (pending.isEmpty()) {
            fetchWhileRoom(0);
            take(consumer.poll(IDLE_POLL), 0);
        } else {
            // one more look, so that the oldest pair of every partition competes for the batch
            if (pending.size() < prefetch()) take(consumer.poll(Duration.ZERO), 0);
            List<ConsumerRecord<byte[], byte[]>> batch = nextBatch();
            if (batch.isEmpty()) take(consumer.poll(BUSY_POLL), 0); // all ahead of the encoder: wait for its progress
            else runBatch(batch);
        }
    }

    private long pendingBytes() {
        long bytes = 0;
        for (ConsumerRecord<byte[], byte[]> r : pending) bytes += r.serializedValueSize();
        return bytes;
    }

    private int prefetch() {
        return prefetchCoversPartitions ? Math.max(prefetch, FlowLimits.prefetchPairs(batchSize, consumer.assignment().size())) : prefetch;
    }

    /** Adds fetched pairs to the prefetch; pauses the assignment once it is full ({@code inFlight} pairs count too). */
    private void take(ConsumerRecords<byte[], byte[]> records, int inFlight) {
        records.forEach(pending::add);
        fetchWhileRoom(inFlight);
    }

    /**
     * Fetching goes on while the prefetch has room, and stops (the assignment paused, the membership
     * kept) when it is full. A partition whose next pair is already held waits too: so one busy
     * partition cannot fill the prefetch while another's older pair is not fetched yet.
     */
    private void fetchWhileRoom(int inFlight) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (pending.size() + inFlight >= prefetch() || pendingBytes() + inFlightBytes >= FlowLimits.MAX_PREFETCH_BYTES) {
            consumer.pause(assigned);
            return;
        }
        Set<TopicPartition> holding = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : pending) holding.add(partitionOf(r));
        holding.retainAll(assigned);
        if (!holding.isEmpty()) consumer.pause(holding);
        Set<TopicPartition> resume = new HashSet<>(consumer.paused());
        resume.retainAll(assigned);
        resume.removeAll(holding);
        if (!resume.isEmpty()) consumer.resume(resume);
    }

    /** A batch in flight finishes and is committed; if it cannot within a minute, it stays uncommitted and another replica redoes it. */
    @Override protected void wakeUp() {
        consumer.wakeup();
        jobs.wakeup();
    }

    @Override protected void shutDown() {
        stopWorker();
        closeClients();
        InterpolatorStats s = tally.snapshot(batchSize);
        log.info("interpolator stopped: {} pairs, {} frames, {} poison records, {} skipped pairs, {} s synthesizing",
                s.pairsDone(), s.framesDone(), s.poisonRecords(), s.skippedPairs(), String.format("%.1f", s.synthesisSeconds()));
    }

    @Override public KafkaClients kafkaClients() { return clients; }

    /** A consistent snapshot of this replica's counters. */
    public InterpolatorStats stats() { return tally.snapshot(batchSize); }

    /** The oldest pairs of the prefetch, passing over those too far ahead of what the encoder has written (FlowLimits). */
    private List<ConsumerRecord<byte[], byte[]>> nextBatch() {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(batchSize), ahead = new ArrayList<>();
        long now = System.currentTimeMillis();
        while (batch.size() < batchSize && !pending.isEmpty()) {
            ConsumerRecord<byte[], byte[]> next = pending.poll();
            long seq = PairOrder.seq(next.key());
            if (seq != Long.MAX_VALUE && seq > jobs.lastPairAllowed(PairOrder.job(next.key()), now)) ahead.add(next);
            else batch.add(next);
        }
        pending.addAll(ahead);
        return batch;
    }

    private void runBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        inFlightBytes = records.stream().mapToLong(ConsumerRecord::serializedValueSize).sum();
        fetchWhileRoom(records.size());
        InFlight batch = new InFlight(records, worker.submit(() -> batches.process(records)));
        inFlight = batch;
        tally.batchStarted(records.size());
        log.debug("batch of {} pairs started: {}", records.size(), batch.offsets);
        try {
            while (!batch.future.isDone()) {
                try {
                    // keeps the membership; fetches the next pairs while the prefetch has room
                    take(consumer.poll(BUSY_POLL), records.size());
                } catch (WakeupException e) {
                    log.info("stop requested: finishing the batch in flight ({} pairs) first", records.size());
                }
                batch.await(BUSY_WAIT);
            }
            batch.outcome(); // throws when the batch failed: then nothing is committed
            if (!batch.committed) commit(batch);
        } finally {
            inFlight = null;
            inFlightBytes = 0;
            tally.batchEnded();
        }
    }

    /** The caller closes the synthesizer after this service: it must not be in use any more. */
    private void stopWorker() {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(CLOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS))
                log.warn("the synthesizer did not return within {} s of the stop", CLOSE_LIMIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Commits, for the partitions of the batch that this member still owns, the offset after the
     * batch's last pair there, or the oldest pair of that partition still in the prefetch if that
     * is earlier (the oldest-first order may pass over a pair); never backwards.
     */
    private void commit(InFlight batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(batch.offsets);
        offsets.keySet().retainAll(consumer.assignment());
        for (ConsumerRecord<byte[], byte[]> waiting : pending)
            offsets.computeIfPresent(partitionOf(waiting), (p, o) -> o.offset() > waiting.offset() ? new OffsetAndMetadata(waiting.offset()) : o);
        offsets.entrySet().removeIf(e -> e.getValue().offset() <= committed.getOrDefault(e.getKey(), -1L));
        batch.committed = true;
        if (offsets.isEmpty()) return;
        for (int attempt = 1; ; attempt++) {
            try {
                consumer.commitSync(offsets);
                offsets.forEach((p, o) -> committed.put(p, o.offset()));
                log.debug("committed {}", offsets);
                return;
            } catch (WakeupException e) {
                // close() woke the consumer: the outputs are acknowledged, so the commit is still worth making
                if (attempt >= 2) throw e;
            } catch (CommitFailedException | RebalanceInProgressException e) {
                log.warn("commit of {} refused by the group ({}); those pairs will be redone", offsets.keySet(),
                        OneLine.of(e));
                return;
            }
        }
    }

    private void closeClients() {
        closeQuietly("pairs consumer", () -> consumer.close(Duration.ofSeconds(5)));
        closeQuietly("jobs reader", jobs::close);
        closeQuietly("producer", () -> producer.close(Duration.ofSeconds(5)));
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    /** A batch on the worker and the offsets it will commit (next offset per partition). */
    private static final class InFlight {
        final int pairs;
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        final Future<BatchSynthesis.Outcome> future;
        boolean committed;

        InFlight(List<ConsumerRecord<byte[], byte[]>> records, Future<BatchSynthesis.Outcome> future) {
            this.pairs = records.size();
            this.future = future;
            for (ConsumerRecord<byte[], byte[]> r : records)
                offsets.merge(partitionOf(r), new OffsetAndMetadata(r.offset() + 1),
                        (a, b) -> a.offset() >= b.offset() ? a : b);
        }

        boolean touches(Collection<TopicPartition> partitions) {
            return partitions.stream().anyMatch(offsets::containsKey);
        }

        void await(Duration limit) {
            try {
                future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // not done yet, or failed: outcome() reports it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a batch was in flight", e);
            }
        }

        BatchSynthesis.Outcome outcome() {
            try {
                return future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) throw runtime;
                throw new IllegalStateException(OneLine.of(cause), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a batch was in flight", e);
            }
        }
    }

    /** Keeps revocation safe: never a commit for outputs that were not acknowledged, nor for partitions we lost. */
    private final class SafeRebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (revoked.isEmpty()) return;
            InFlight batch = inFlight;
            if (batch != null && !batch.committed && batch.touches(revoked)) {
                log.info("partitions {} revoked during a batch of {} pairs: finishing it before handing them over", revoked, batch.pairs);
                while (!batch.future.isDone()) batch.await(BUSY_WAIT);
                try {
                    batch.outcome();
                    commit(batch);
                } catch (RuntimeException failed) {
                    // left uncommitted; the loop reports the failure once the callback returns
                }
            }
            // only now: the commit above must not pass a pair of these partitions that is still waiting
            pending.removeIf(r -> revoked.contains(partitionOf(r)));
            revoked.forEach(committed::remove);
            log.info("partitions revoked: {}", revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            pending.removeIf(r -> lost.contains(partitionOf(r)));
            lost.forEach(committed::remove);
            InFlight batch = inFlight;
            if (batch != null) batch.offsets.keySet().removeAll(lost);
            log.warn("partitions lost: {}; their unfinished pairs will be redone by their new owner", lost);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            // while work is in flight or queued, new partitions wait too
            if (inFlight != null || !pending.isEmpty()) consumer.pause(assigned);
            Set<TopicPartition> now = consumer.assignment();
            if (!assigned.isEmpty()) log.info("partitions assigned: {} (now {} in all)", assigned, now.size());
        }
    }
}
