package io.inbetween.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inbetween.interpolator.InterpolatorStats;
import io.inbetween.wire.Topics;
import io.javalin.http.sse.SseClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The live picture sent to every open page once a second over SSE (event "snapshot"): stage
 * speeds, consumer lag, frame latency percentiles, interpolator load, broker traffic and every
 * job. Speeds are differences of the same counters that /metrics exports, so the page and
 * Grafana agree.
 */
final class DashboardFeed {
    private static final Logger log = LoggerFactory.getLogger(DashboardFeed.class);

    record Snapshot(long time, Map<String, Double> stages, Map<String, Long> lag, Map<String, Double> latency,
                    Interpolator interpolator, Broker broker, List<JobView> jobs) {}

    record Interpolator(double batchSize, double busyRatio, int replicas) {}

    record Broker(double bytesIn, double bytesOut) {}

    /** Counter readings at one instant; two of them give rates. */
    private record Totals(long nanos, double decoded, double synthesized, double reordered, double written,
                          double bytesIn, double bytesOut, double synthesisSeconds) {}

    private final MeterRegistry registry;
    private final JobBoard board;
    private final JobFiles files;
    private final ConsumerLag lag;
    private final KafkaClientMeters kafka;
    private final KafkaTraffic traffic;
    private final Supplier<List<InterpolatorStats>> interpolators;
    private final PipelineMeters.FailedJobs failed = new PipelineMeters.FailedJobs();
    private final ObjectMapper json;
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private Totals previous;
    private volatile Snapshot latest;

    DashboardFeed(MeterRegistry registry, JobBoard board, JobFiles files, ConsumerLag lag, KafkaClientMeters kafka, KafkaTraffic traffic,
                  Supplier<List<InterpolatorStats>> interpolators, ObjectMapper json) {
        this.registry = registry;
        this.board = board;
        this.files = files;
        this.lag = lag;
        this.kafka = kafka;
        this.traffic = traffic;
        this.interpolators = interpolators;
        this.json = json;
    }

    void add(SseClient client) {
        clients.add(client);
        client.onClose(() -> clients.remove(client));
        Snapshot s = latest;
        if (s != null) send(client, s);
    }

    int clientCount() { return clients.size(); }

    Snapshot latest() { return latest; }

    /** Builds the snapshot of this second and sends it to every page. */
    synchronized void tick() {
        Totals now = totals();
        Totals before = previous == null ? now : previous;
        previous = now;
        double seconds = Math.max(1e-3, (now.nanos - before.nanos) / 1e9);
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("decoder", rate(now.decoded, before.decoded, seconds));
        stages.put("interpolator", rate(now.synthesized, before.synthesized, seconds));
        stages.put("reorderer", rate(now.reordered, before.reordered, seconds));
        stages.put("encoder", rate(now.written, before.written, seconds));
        List<InterpolatorStats> replicas = interpolators.get();
        double busy = replicas.isEmpty() ? 0 : Math.min(1, rate(now.synthesisSeconds, before.synthesisSeconds, seconds) / replicas.size());
        double batch = replicas.stream().mapToInt(InterpolatorStats::currentBatchSize).sum();
        List<JobBoard.Tracked> tracked = board.all();
        tracked.forEach(t -> failed.observe(t, registry));
        Snapshot s = new Snapshot(System.currentTimeMillis(), stages, lag.snapshot(), latency(),
                new Interpolator(batch, busy, replicas.size()),
                new Broker(rate(now.bytesIn, before.bytesIn, seconds), rate(now.bytesOut, before.bytesOut, seconds)),
                tracked.stream().map(t -> JobView.of(t, files)).toList());
        latest = s;
        for (SseClient c : clients) send(c, s);
    }

    private void send(SseClient client, Snapshot s) {
        try {
            client.sendEvent("snapshot", json.writeValueAsString(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a dashboard snapshot as JSON", e);
        } catch (RuntimeException e) {
            log.debug("dropping an SSE client: {}", e.toString());
            client.close();
        }
    }

    private Totals totals() {
        double decoded = registry.find(PipelineMeters.FRAMES_IN).functionCounter() != null
                ? registry.find(PipelineMeters.FRAMES_IN).functionCounter().count()
                : kafka.sum("kafka.producer.topic.record.send.total", "topic", Topics.PAIRS); // a pair per source frame
        return new Totals(System.nanoTime(), decoded,
                count(PipelineMeters.FRAMES_SYNTHESIZED),
                kafka.sum("kafka.producer.topic.record.send.total", "topic", Topics.ORDERED),
                count(PipelineMeters.FRAMES_OUT),
                traffic.bytesIn(), traffic.bytesOut(), count(PipelineMeters.INTERPOLATOR_SECONDS));
    }

    private double count(String name) {
        var c = registry.find(name).functionCounter();
        return c == null ? 0 : c.count();
    }

    /** p50/p95/p99 in milliseconds over the last half minute, or nulls when no frame was written. */
    private Map<String, Double> latency() {
        Map<String, Double> out = new LinkedHashMap<>();
        var timer = registry.find(PipelineMeters.FRAME_LATENCY).timer();
        var snapshot = timer == null ? null : timer.takeSnapshot();
        for (ValueAtPercentile p : snapshot == null ? new ValueAtPercentile[0] : snapshot.percentileValues()) {
            double ms = p.value(TimeUnit.MILLISECONDS);
            out.put("p" + Math.round(p.percentile() * 100), Double.isNaN(ms) || snapshot.count() == 0 ? null : ms);
        }
        if (out.isEmpty()) { out.put("p50", null); out.put("p95", null); out.put("p99", null); }
        return out;
    }

    private static double rate(double now, double before, double seconds) {
        double r = (now - before) / seconds;
        return r > 0 && Double.isFinite(r) ? r : 0;
    }

    void closeClients() { clients.forEach(SseClient::close); }
}
