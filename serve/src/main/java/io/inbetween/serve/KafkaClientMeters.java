package io.inbetween.serve;

import io.inbetween.wire.KafkaClients;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Kafka clients of this server's stages, and its Kafka Streams reorderer, as Micrometer
 * meters through Micrometer's own binders ({@link KafkaClientMetrics}, {@link KafkaStreamsMetrics}),
 * bound to the live clients. Names follow those binders: {@code kafka.producer.topic.record.send.total}
 * is {@code kafka_producer_topic_record_send_total} in Prometheus.
 */
final class KafkaClientMeters implements AutoCloseable {
    /** New metrics (a topic's first record) are picked up this often; the binders' own default is a minute. */
    static final Duration REFRESH = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "inbetween-kafka-meters");
        t.setDaemon(true);
        return t;
    });
    private final List<AutoCloseable> binders = new ArrayList<>();

    KafkaClientMeters(MeterRegistry registry, KafkaClients clients, KafkaStreams streams) {
        this.registry = registry;
        for (Producer<?, ?> p : clients.producers()) bind(new KafkaClientMetrics(p, Tags.empty(), refresher, REFRESH));
        for (Consumer<?, ?> c : clients.consumers()) bind(new KafkaClientMetrics(c, Tags.empty(), refresher, REFRESH));
        if (streams != null) bind(new KafkaStreamsMetrics(streams, Tags.empty(), refresher, REFRESH));
    }

    private <B extends MeterBinder & AutoCloseable> void bind(B binder) {
        binder.bindTo(registry);
        binders.add(binder);
    }

    /** The sum over every client of one counter or gauge, e.g. all producers' records sent to a topic; tags narrow it. */
    double sum(String meterName, String... tagKeyValues) {
        double total = 0;
        for (Meter m : registry.find(meterName).tags(tagKeyValues).meters())
            for (var measurement : m.measure()) if (!Double.isNaN(measurement.getValue())) total += measurement.getValue();
        return total;
    }

    @Override public void close() {
        for (AutoCloseable binder : binders) {
            try { binder.close(); } catch (Exception ignored) { /* a binder's close only removes meters */ }
        }
        binders.clear();
        refresher.shutdownNow();
    }
}
