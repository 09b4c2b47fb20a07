package io.inbetween.serve;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaJmxMetersTest {
    @Test void namesFollowMicrometersKafkaBinders() {
        assertThat(KafkaJmxMeters.meterName("kafka.consumer", "consumer-fetch-manager-metrics")).isEqualTo("kafka.consumer.fetch.manager");
        assertThat(KafkaJmxMeters.meterName("kafka.consumer", "consumer-metrics")).isEqualTo("kafka.consumer");
        assertThat(KafkaJmxMeters.meterName("kafka.producer", "producer-topic-metrics")).isEqualTo("kafka.producer.topic");
        assertThat(KafkaJmxMeters.meterName("kafka.streams", "stream-thread-metrics")).isEqualTo("kafka.streams.stream.thread");
        assertThat(KafkaJmxMeters.meterName("kafka.admin.client", "admin-client-metrics")).isEqualTo("kafka.admin");
    }
}
