package io.inbetween.interpolator;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A MockConsumer that records every commit, counts polls, and waits on empty polls as a real consumer would. */
final class RecordingConsumer extends MockConsumer<byte[], byte[]> {
    private final List<Map<TopicPartition, Long>> commits = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();

    RecordingConsumer() { super("earliest"); }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
        polls.incrementAndGet();
        if (records.isEmpty()) {
            try {
                Thread.sleep(Math.min(timeout.toMillis(), 10)); // outside the mock's lock
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return records;
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, Long> plain = new java.util.HashMap<>();
        offsets.forEach((tp, om) -> plain.put(tp, om.offset()));
        commits.add(Map.copyOf(plain));
        super.commitSync(offsets);
    }

    @Override
    public synchronized void commitSync() { throw new AssertionError("the service must commit explicit offsets"); }

    @Override
    public synchronized void commitSync(Duration timeout) { throw new AssertionError("the service must commit explicit offsets"); }

    @Override
    public synchronized void commitAsync() { throw new AssertionError("the service must commit synchronously"); }

    @Override
    public synchronized void commitAsync(OffsetCommitCallback callback) { throw new AssertionError("the service must commit synchronously"); }

    List<Map<TopicPartition, Long>> commits() { return List.copyOf(commits); }

    int polls() { return polls.get(); }
}
