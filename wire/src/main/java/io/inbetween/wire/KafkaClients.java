package io.inbetween.wire;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import java.util.ArrayList;
import java.util.List;

/**
 * The live Kafka clients of a stage, for binding client metrics to them (Micrometer's
 * {@code KafkaClientMetrics}); whoever holds this reads metrics only and never uses the clients.
 */
public record KafkaClients(List<Producer<?, ?>> producers, List<Consumer<?, ?>> consumers) {
    public KafkaClients {
        producers = List.copyOf(producers);
        consumers = List.copyOf(consumers);
    }

    /** Sorts producers from consumers; anything else is a mistake. */
    public static KafkaClients of(Object... clients) {
        List<Producer<?, ?>> producers = new ArrayList<>();
        List<Consumer<?, ?>> consumers = new ArrayList<>();
        for (Object client : clients) {
            if (client instanceof Producer<?, ?> p) producers.add(p);
            else if (client instanceof Consumer<?, ?> c) consumers.add(c);
            else throw new IllegalArgumentException("not a Kafka producer or consumer: " + client);
        }
        return new KafkaClients(producers, consumers);
    }

    public KafkaClients and(KafkaClients other) {
        List<Producer<?, ?>> p = new ArrayList<>(producers);
        p.addAll(other.producers);
        List<Consumer<?, ?>> c = new ArrayList<>(consumers);
        c.addAll(other.consumers);
        return new KafkaClients(p, c);
    }
}
