package io.inbetween.wire;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safe-offset rule of the stages that work on whole jobs (decoder, encoder): commit each
 * partition up to the last record handled, but never past the first record of a job still open
 * there. After a crash every open job is read again from its start; nothing finished is redone.
 */
public final class SafeOffsets {
    private record Hold(TopicPartition partition, long offset) {}

    private final Map<TopicPartition, Long> handled = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Map<String, Hold> holds = new LinkedHashMap<>();

    /** The record at {@code offset} is handled: the next commit may move past it. */
    public void handled(TopicPartition partition, long offset) { handled.merge(partition, offset + 1, Math::max); }

    /** Job {@code key} is open from {@code offset}: commits stay at or below it until {@link #release}. Keeps an earlier hold. */
    public void hold(String key, TopicPartition partition, long offset) { holds.putIfAbsent(key, new Hold(partition, offset)); }

    public void release(String key) { holds.remove(key); }

    public boolean holds(String key) { return holds.containsKey(key); }

    /** What may be committed now, per partition: only what moves forward. */
    public Map<TopicPartition, OffsetAndMetadata> toCommit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        handled.forEach((partition, next) -> {
            long safe = next;
            for (Hold h : holds.values()) if (h.partition().equals(partition)) safe = Math.min(safe, h.offset());
            Long done = committed.get(partition);
            if (done == null || safe > done) offsets.put(partition, new OffsetAndMetadata(safe));
        });
        return offsets;
    }

    /** The broker has these offsets. */
    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
    }

    /** The partitions went to another member: forget what was handled and held there. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(p -> { handled.remove(p); committed.remove(p); });
        holds.values().removeIf(h -> partitions.contains(h.partition()));
    }

    /** Nothing more is to be committed (a stop whose open jobs are redone after a restart). */
    public void clearHandled() { handled.clear(); }
}
