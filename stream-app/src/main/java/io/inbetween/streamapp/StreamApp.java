package io.inbetween.streamapp;

import io.inbetween.streamapp.encode.EncoderService;
import io.inbetween.streamapp.reorder.ReorderTopology;
import io.inbetween.wire.ClusterCheck;
import io.inbetween.wire.PathRoots;
import io.inbetween.wire.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * The stream application: the reorderer (Kafka Streams) and the encoder, started and stopped
 * together. The {@code stream-app} command runs one; the local pipeline runs one beside the
 * other stages.
 */
public final class StreamApp implements AutoCloseable {
    private final KafkaStreams streams;
    private final EncoderService encoder;
    private final Thread encoderThread;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private static final Duration CLUSTER_WAIT = Duration.ofSeconds(30);

    private StreamApp(Map<String, Object> kafka, Path stateDir, Duration stallTimeout, PathRoots roots) {
        String bootstrap = String.valueOf(kafka.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        // the changelogs are replicated as the cluster's own topics are (Topics.replicationFor)
        short replication = Topics.replicationFor(ClusterCheck.await(kafka, CLUSTER_WAIT));
        Properties config = ReorderTopology.config(bootstrap, stateDir, replication);
        kafka.forEach(config::putIfAbsent); // --kafka settings (security, for one) reach Streams' clients too
        streams = new KafkaStreams(ReorderTopology.build(), config);
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, "reorderer stopped: " + e.getMessage());
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        try {
            encoder = new EncoderService(kafka, stallTimeout, roots);
        } catch (RuntimeException e) {
            streams.close(Duration.ofSeconds(10));
            throw e;
        }
        encoderThread = encoder.startThread("encoder", failure);
    }

    /** Starts the reorderer and the encoder against a cluster; Streams keeps its state in {@code stateDir}. */
    public static StreamApp start(Map<String, Object> kafka, Path stateDir) {
        return start(kafka, stateDir, EncoderService.DEFAULT_STALL_TIMEOUT, PathRoots.ANYWHERE);
    }

    /** The same, failing a job whose frames stop for {@code stallTimeout} without an END, and writing only under {@code roots}. */
    public static StreamApp start(Map<String, Object> kafka, Path stateDir, Duration stallTimeout, PathRoots roots) {
        return new StreamApp(kafka, stateDir, stallTimeout, roots);
    }

    /** The running Kafka Streams client, for metrics. */
    public KafkaStreams streams() { return streams; }

    /** The running encoder, for metrics and frame-written hooks. */
    public EncoderService encoder() { return encoder; }

    /** Throws when the reorderer or the encoder has died, so that a waiting client never hangs on a dead pipeline. */
    public void checkAlive() {
        String f = failure.get();
        if (f == null && (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING))
            f = "reorderer stopped (state " + streams.state() + ")";
        if (f != null) throw new IllegalStateException(f);
    }

    /** Passes the encoder's written frames (their publishedAtMillis) to {@code listener}, for latency metrics. */
    public void onFrameWritten(LongConsumer listener) { encoder.onFrameWritten(listener); }

    /** The encoder first (its open jobs are redone after a restart), then the reorderer. */
    @Override public void close() {
        encoder.close();
        try { encoderThread.join(10_000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        streams.close(Duration.ofSeconds(10));
    }
}
