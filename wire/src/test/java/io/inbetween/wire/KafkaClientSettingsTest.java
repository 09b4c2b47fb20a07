package io.inbetween.wire;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientSettingsTest {
    private static final Map<String, Object> COMMON = Map.of("bootstrap.servers", "broker:9092", "security.protocol", "SSL");

    @Test
    void producersCarryTheLimitsAndDeliverEachRecordOnce() {
        Map<String, Object> config = KafkaClientSettings.producer(COMMON);
        assertThat(config).containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("max.request.size", KafkaLimits.MAX_RECORD_BYTES).containsEntry("compression.type", "none")
                .containsEntry("key.serializer", ByteArraySerializer.class).containsEntry("value.serializer", ByteArraySerializer.class)
                .containsAllEntriesOf(COMMON);
    }

    @Test
    void groupMembersCommitThemselvesAndStartFromTheBeginning() {
        Map<String, Object> config = KafkaClientSettings.groupConsumer(COMMON, "inbetween-test");
        assertThat(config).containsEntry("group.id", "inbetween-test").containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("max.partition.fetch.bytes", KafkaLimits.FETCH_BYTES).containsEntry("fetch.max.bytes", KafkaLimits.FETCH_BYTES)
                .containsEntry("key.deserializer", ByteArrayDeserializer.class).containsEntry("value.deserializer", ByteArrayDeserializer.class)
                .containsAllEntriesOf(COMMON);
    }

    @Test
    void commonSettingsCannotUndoTheGuarantees() {
        Map<String, Object> careless = Map.of("bootstrap.servers", "b:1", "acks", "1", "enable.idempotence", false,
                "enable.auto.commit", true, "group.id", "someone-else");
        assertThat(KafkaClientSettings.producer(careless)).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
        assertThat(KafkaClientSettings.groupConsumer(careless, "inbetween-test"))
                .containsEntry("enable.auto.commit", false).containsEntry("group.id", "inbetween-test");
        assertThat(KafkaClientSettings.jobsReader(careless)).doesNotContainKey("group.id").containsEntry("enable.auto.commit", false);
    }

    @Test
    void theJobsReaderIsOutsideAnyGroup() {
        Map<String, Object> config = KafkaClientSettings.jobsReader(Map.of("bootstrap.servers", "b:1", "group.id", "x", "client.id", "watcher"));
        assertThat(config).doesNotContainKey("group.id").containsEntry("enable.auto.commit", false)
                .containsEntry("client.id", "watcher").containsEntry("bootstrap.servers", "b:1")
                .containsEntry("key.deserializer", ByteArrayDeserializer.class).containsEntry("value.deserializer", ByteArrayDeserializer.class);
    }

    @Test
    void eachCallGivesAMapTheStageMayAddTo() {
        Map<String, Object> config = KafkaClientSettings.groupConsumer(COMMON, "g");
        config.put("max.poll.records", 3);
        assertThat(KafkaClientSettings.groupConsumer(COMMON, "g")).doesNotContainKey("max.poll.records");
    }
}
