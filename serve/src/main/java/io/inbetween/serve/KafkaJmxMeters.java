package io.inbetween.serve;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every Kafka client in this process (the pipeline's consumers and producers, the Kafka Streams
 * reorderer and its clients, admin clients) as Micrometer meters. The pipeline's services create
 * their clients themselves, so instead of binding client objects one by one this reads what every
 * Kafka client already publishes over JMX, and follows clients as they come and go.
 *
 * <p>Names follow Micrometer's Kafka binders: {@code kafka.consumer.fetch.manager.bytes.consumed}
 * ({@code *-total} attributes become counters). When a group has finer levels (per topic, per
 * partition), the extra tag names join the meter name, because Prometheus wants one tag set per name.
 */
final class KafkaJmxMeters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaJmxMeters.class);
    private static final List<String> DOMAINS = List.of("kafka.consumer", "kafka.producer", "kafka.streams", "kafka.admin.client");
    /** Tags every meter of a client has; the others mark a finer level. */
    private static final Set<String> BASE_KEYS = Set.of("client-id", "thread-id");

    private final MeterRegistry registry;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Map<ObjectName, List<Meter>> bound = new HashMap<>();

    KafkaJmxMeters(MeterRegistry registry) { this.registry = registry; }

    /** Binds new clients' MBeans and removes the meters of closed ones; cheap enough to run every few seconds. */
    synchronized void refresh() {
        Set<ObjectName> present = new java.util.HashSet<>();
        for (String domain : DOMAINS) {
            try {
                present.addAll(server.queryNames(new ObjectName(domain + ":*"), null));
            } catch (javax.management.MalformedObjectNameException e) {
                throw new IllegalStateException(e);
            }
        }
        bound.keySet().removeIf(name -> {
            if (present.contains(name)) return false;
            bound.get(name).forEach(registry::remove);
            return true;
        });
        for (ObjectName name : present) {
            if (bound.containsKey(name) || "app-info".equals(name.getKeyProperty("type"))) continue;
            try {
                bound.put(name, bind(name));
            } catch (Exception e) {
                log.debug("cannot read MBean {}: {}", name, e.toString());
            }
        }
    }

    private List<Meter> bind(ObjectName name) throws Exception {
        String domain = name.getDomain();
        String type = name.getKeyProperty("type");
        if (type == null) return List.of();
        Map<String, String> keys = new TreeMap<>(name.getKeyPropertyList());
        keys.remove("type");
        List<Tag> tags = new ArrayList<>();
        StringBuilder level = new StringBuilder();
        for (Map.Entry<String, String> k : keys.entrySet()) {
            tags.add(Tag.of(k.getKey().replace('-', '.'), k.getValue()));
            if (!BASE_KEYS.contains(k.getKey())) level.append('.').append(k.getKey().replace("-id", ""));
        }
        String base = meterName(domain, type);
        String group = base;
        for (String part : level.toString().split("\\."))
            if (!part.isEmpty() && !List.of(base.split("\\.")).contains(part)) group += "." + part.replace('-', '.');
        List<Meter> meters = new ArrayList<>();
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
            String attr = attribute.getName();
            if (!(server.getAttribute(name, attr) instanceof Number)) continue;
            if (attr.endsWith("-total")) {
                meters.add(FunctionCounter.builder(group + "." + attr.substring(0, attr.length() - 6).replace('-', '.'), name,
                        n -> read(n, attr)).tags(tags).register(registry));
            } else {
                meters.add(Gauge.builder(group + "." + attr.replace('-', '.'), name, n -> read(n, attr)).tags(tags).register(registry));
            }
        }
        return meters;
    }

    /** "kafka.consumer" + "consumer-fetch-manager-metrics" -> "kafka.consumer.fetch.manager". */
    static String meterName(String domain, String type) {
        String t = type.endsWith("-metrics") ? type.substring(0, type.length() - 8) : type;
        String client = domain.substring("kafka.".length()).replace('.', '-'); // consumer, producer, streams, admin-client
        if (t.startsWith(client + "-")) t = t.substring(client.length() + 1);
        else if (t.equals(client)) t = "";
        String base = domain.equals("kafka.admin.client") ? "kafka.admin" : domain;
        return (t.isEmpty() ? base : base + "." + t).replace('-', '.').toLowerCase(Locale.ROOT);
    }

    private double read(ObjectName name, String attribute) {
        try {
            return server.getAttribute(name, attribute) instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (Exception e) {
            return Double.NaN; // the client closed between refreshes
        }
    }

    /** The sum over every client of one counter or gauge, e.g. all producers' outgoing bytes; tags narrow it. */
    double sum(String meterName, String... tagKeyValues) {
        double total = 0;
        for (Meter m : registry.find(meterName).tags(tagKeyValues).meters()) {
            for (var measurement : m.measure()) if (!Double.isNaN(measurement.getValue())) total += measurement.getValue();
        }
        return total;
    }

    @Override public synchronized void close() {
        bound.values().forEach(list -> list.forEach(registry::remove));
        bound.clear();
    }
}
