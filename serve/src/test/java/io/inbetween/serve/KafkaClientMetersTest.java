package io.inbetween.serve;

import io.inbetween.wire.KafkaClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Live clients' metrics become meters named as the dashboard and the Grafana board read them; closing removes them. */
class KafkaClientMetersTest {
    @Test
    void liveClientsAreMeteredUnderMicrometersKafkaNames() {
        Map<String, Object> common = Map.of("bootstrap.servers", "127.0.0.1:9"); // nothing listens: the clients never connect
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", "127.0.0.1:9", ProducerConfig.MAX_BLOCK_MS_CONFIG, 100),
                new ByteArraySerializer(), new ByteArraySerializer());
             var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", common.get("bootstrap.servers"),
                     ConsumerConfig.GROUP_ID_CONFIG, "meters-test"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            KafkaClientMeters meters = new KafkaClientMeters(registry, KafkaClients.of(producer, consumer), null);
            assertThat(registry.find("kafka.producer.outgoing.byte.total").meters()).isNotEmpty();
            assertThat(registry.find("kafka.consumer.fetch.manager.bytes.consumed.total").meters()).isNotEmpty();
            assertThat(meters.sum("kafka.producer.outgoing.byte.total")).isZero();
            meters.close();
            assertThat(registry.find("kafka.producer.outgoing.byte.total").meters()).isEmpty();
            producer.close(Duration.ZERO);
        }
    }
}
