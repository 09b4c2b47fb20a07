package io.inbetween.interpolator;

import io.inbetween.model.synthesis.FrameSynthesizer;
import io.inbetween.wire.FlowLimits;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.Topics;
import io.inbetween.wire.WireSerdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * An {@link InterpolatorService} on mock clients, run on its own thread: two pair partitions
 * assigned at the first poll, a jobs partition holding the given events.
 */
final class ServiceHarness implements AutoCloseable {
    static final TopicPartition P0 = new TopicPartition(Topics.PAIRS, 0);
    static final TopicPartition P1 = new TopicPartition(Topics.PAIRS, 1);
    static final TopicPartition JOBS = new TopicPartition(Topics.JOBS, 0);
    /** Only guards against a hang; no test asserts a duration. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    final RecordingConsumer pairs = new RecordingConsumer();
    final MockProducer<byte[], byte[]> producer;
    final MockConsumer<byte[], byte[]> jobs = new MockConsumer<>("earliest");
    final InterpolatorService service;
    private final AtomicLong jobsOffset = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private Thread loop;

    ServiceHarness(FrameSynthesizer synthesizer, int batchSize, boolean autoComplete, List<JobEvent> jobEvents) {
        this(synthesizer, batchSize, FlowLimits.prefetchPairs(batchSize), autoComplete, jobEvents);
    }

    ServiceHarness(FrameSynthesizer synthesizer, int batchSize, int prefetch, boolean autoComplete, List<JobEvent> jobEvents) {
        producer = new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
        pairs.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        pairs.schedulePollTask(() -> pairs.rebalance(List.of(P0, P1)));
        jobs.updateBeginningOffsets(Map.of(JOBS, 0L));
        jobs.updateEndOffsets(Map.of(JOBS, (long) jobEvents.size()));
        if (!jobEvents.isEmpty()) jobs.schedulePollTask(() -> jobEvents.forEach(this::addJobEvent));
        service = new InterpolatorService(new InterpolatorClients(pairs, producer, jobs, "mock"), synthesizer, batchSize, prefetch,
                Duration.ofSeconds(10));
    }

    ServiceHarness start() {
        loop = new Thread(() -> {
            try {
                service.run();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "interpolator-loop");
        loop.start();
        await("the pair partitions are assigned", () -> !pairs.assignment().isEmpty());
        return this;
    }

    void addJobEvent(JobEvent event) {
        jobs.addRecord(new ConsumerRecord<>(Topics.JOBS, 0, jobsOffset.getAndIncrement(),
                event.jobId().getBytes(StandardCharsets.UTF_8), WireSerdes.writeJob(Topics.JOBS, event)));
    }

    long jobsRead() { return jobs.position(JOBS); }

    static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset, byte[] key, byte[] value) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key, value);
    }

    /** Hands the records to the loop together, in its next poll. */
    void deliverTogether(List<ConsumerRecord<byte[], byte[]>> records) {
        pairs.schedulePollTask(() -> records.forEach(pairs::addRecord));
    }

    void deliver(ConsumerRecord<byte[], byte[]> record) { deliverTogether(List.of(record)); }

    /** Waits until the loop has polled {@code n} more times. */
    void awaitPolls(int n) {
        int target = pairs.polls() + n;
        await(n + " more polls", () -> pairs.polls() >= target);
    }

    /** The latest committed offset of each partition over all commits. */
    Map<TopicPartition, Long> committed() {
        Map<TopicPartition, Long> latest = new java.util.HashMap<>();
        for (Map<TopicPartition, Long> commit : pairs.commits()) latest.putAll(commit);
        return latest;
    }

    void completeAll() {
        while (producer.completeNext()) { /* completes in send order */ }
    }

    RuntimeException failure() { return failure.get(); }

    boolean running() { return loop.isAlive(); }

    void join() {
        try {
            loop.join(PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loop.isAlive()) throw new AssertionError("the interpolator loop did not stop");
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for: " + what);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    /** Stops the service; a failure of the loop that the test did not collect fails the test. */
    @Override
    public void close() {
        service.close();
        if (loop == null) return;
        join();
        if (failure() != null) throw new AssertionError("the interpolator loop failed: " + failure().getMessage(), failure());
    }

    static List<ConsumerRecord<byte[], byte[]>> list(ConsumerRecord<byte[], byte[]>... records) {
        return new ArrayList<>(List.of(records));
    }
}
