package io.inbetween.serve;

import io.inbetween.wire.ConfigKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records not yet consumed, per consumer group and topic: the latest offset of each partition
 * minus the group's committed offset, summed over partitions. Measured from the broker's side
 * (an admin client), so it covers every member of a group, wherever it runs.
 */
final class ConsumerLag {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);
    static final List<String> GROUPS = List.of(ConfigKeys.DECODER_GROUP, ConfigKeys.INTERPOLATOR_GROUP,
            ConfigKeys.REORDER_APP_ID, ConfigKeys.ENCODER_GROUP);

    private final Admin admin;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>(); // "group topic" -> records
    private volatile boolean warned;

    ConsumerLag(Admin admin, MeterRegistry registry) {
        this.admin = admin;
        this.registry = registry;
    }

    /** Asks the broker for the groups' committed offsets and the topics' ends. */
    void sample() {
        try {
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            for (String g : GROUPS) specs.put(g, new ListConsumerGroupOffsetsSpec());
            var result = admin.listConsumerGroupOffsets(specs);
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (String g : GROUPS) {
                Map<TopicPartition, OffsetAndMetadata> offsets = result.partitionsToOffsetAndMetadata(g).get(5, TimeUnit.SECONDS);
                offsets.values().removeIf(java.util.Objects::isNull);
                committed.put(g, offsets);
                for (TopicPartition tp : offsets.keySet()) ends.put(tp, OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest =
                    ends.isEmpty() ? Map.of() : admin.listOffsets(ends).all().get(5, TimeUnit.SECONDS);
            Map<String, Long> now = new HashMap<>();
            committed.forEach((group, offsets) -> offsets.forEach((tp, om) -> {
                var end = latest.get(tp);
                if (end != null) now.merge(group + " " + tp.topic(), Math.max(0, end.offset() - om.offset()), Long::sum);
            }));
            lag.forEach((key, value) -> { if (!now.containsKey(key)) value.set(0); });
            now.forEach((key, value) -> gauge(key).set(value));
            warned = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!warned) log.warn("cannot measure consumer lag: {}", e.getMessage());
            warned = true;
        }
    }

    private AtomicLong gauge(String key) {
        return lag.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            String[] groupTopic = k.split(" ", 2);
            Gauge.builder("inbetween.kafka.consumer.lag", value, AtomicLong::get).baseUnit("records")
                    .description("Records not yet consumed by the group, summed over the topic's partitions")
                    .tag("group", groupTopic[0]).tag("topic", groupTopic[1]).register(registry);
            return value;
        });
    }

    /** "group · topic" -> records, as last measured. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        lag.forEach((k, v) -> out.put(k.replace(" ", " · "), v.get()));
        return out;
    }
}
