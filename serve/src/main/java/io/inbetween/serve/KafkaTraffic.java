package io.inbetween.serve;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Bytes per second through the broker. With the embedded broker, its own counters (bytes into and
 * out of its topics); against an external cluster, what this process's clients sent and fetched.
 * The server keeps this object (the dashboard reads it), which keeps its meters readable.
 */
final class KafkaTraffic {
    private static final String BROKER_METRIC = "kafka.server:type=BrokerTopicMetrics,name=";
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final KafkaClientMeters clients;
    private final boolean broker;

    KafkaTraffic(MeterRegistry registry, KafkaClientMeters clients) {
        this.clients = clients;
        this.broker = brokerCount("BytesInPerSec") >= 0;
        String source = broker ? "broker" : "clients";
        FunctionCounter.builder(PipelineMeters.KAFKA_BYTES, this, KafkaTraffic::bytesIn).baseUnit("bytes").tag("direction", "in")
                .tag("source", source).description("Bytes written to Kafka topics").register(registry);
        FunctionCounter.builder(PipelineMeters.KAFKA_BYTES, this, KafkaTraffic::bytesOut).baseUnit("bytes").tag("direction", "out")
                .tag("source", source).description("Bytes read from Kafka topics").register(registry);
    }

    double bytesIn() { return broker ? brokerCount("BytesInPerSec") : clients.sum("kafka.producer.outgoing.byte.total"); }

    double bytesOut() { return broker ? brokerCount("BytesOutPerSec") : clients.sum("kafka.consumer.fetch.manager.bytes.consumed.total"); }

    private double brokerCount(String name) {
        try {
            return ((Number) server.getAttribute(new ObjectName(BROKER_METRIC + name), "Count")).doubleValue();
        } catch (Exception e) {
            return -1;
        }
    }
}
