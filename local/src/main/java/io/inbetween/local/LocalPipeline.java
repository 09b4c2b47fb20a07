package io.inbetween.local;

import io.inbetween.wire.PathRoots;
import io.inbetween.streamapp.encode.EncoderService;

import io.inbetween.streamapp.StreamApp;
import io.inbetween.decoder.DecoderService;
import io.inbetween.decoder.JobDecoder;
import io.inbetween.decoder.LiveOptions;
import io.inbetween.decoder.LiveStatus;
import io.inbetween.interpolator.InterpolatorService;
import io.inbetween.interpolator.InterpolatorStats;
import io.inbetween.model.synthesis.FrameSynthesizer;
import io.inbetween.model.synthesis.SynthesizerFactory;
import io.inbetween.model.synthesis.SynthesizerOptions;
import io.inbetween.wire.KafkaClients;
import io.inbetween.wire.ServiceLoop;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Every stage of the pipeline running in this process against one cluster: a decoder, N
 * interpolator replicas, the reorderer and the encoder. They talk only through Kafka, exactly as
 * the separate services do, so the one-command mode exercises the same paths as a deployment.
 */
public final class LocalPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalPipeline.class);

    /** Which stages to run here; a deployment may run some of them elsewhere. */
    public record Stages(boolean decoder, int interpolators, boolean streamApp) {
        public static final Stages ALL = new Stages(true, 1, true);
    }

    private final List<ServiceLoop> services = new ArrayList<>();
    private final List<FrameSynthesizer> synthesizers = new ArrayList<>();
    private final List<InterpolatorService> interpolators = new ArrayList<>();
    private DecoderService decoder;
    private StreamApp streamApp;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<String> failure = new AtomicReference<>();

    private LocalPipeline() {}

    /**
     * Starts the chosen stages. Synthesizers are created here, once per interpolator replica, so a
     * missing model fails before any work is accepted.
     */
    public static LocalPipeline start(String bootstrapServers, Stages stages, SynthesizerOptions synthesis, Path stateDir) {
        return start(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), stages, synthesis, stateDir, LiveOptions.DEFAULT,
                PathRoots.ANYWHERE);
    }

    /** ... with the decoder's treatment of live sources, and the folders that jobs may read and write. */
    public static LocalPipeline start(Map<String, Object> kafka, Stages stages, SynthesizerOptions synthesis, Path stateDir, LiveOptions live,
                                      PathRoots roots) {
        try (Preload synthesizers = Preload.start(synthesis, stages.interpolators())) {
            return start(kafka, stages, synthesizers, stateDir, live, roots);
        }
    }

    /** ... with synthesizers made beforehand (while a broker starts, say); the pipeline takes them over. */
    public static LocalPipeline start(String bootstrapServers, Stages stages, Preload preloaded, Path stateDir) {
        return start(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), stages, preloaded, stateDir, LiveOptions.DEFAULT,
                PathRoots.ANYWHERE);
    }

    /**
     * ... with the decoder's treatment of live sources (allowed hosts, latency budget, reconnects),
     * and the folders that jobs may read from and write to.
     */
    public static LocalPipeline start(Map<String, Object> kafka, Stages stages, Preload preloaded, Path stateDir, LiveOptions live,
                                      PathRoots roots) {
        LocalPipeline p = new LocalPipeline();
        try {
            List<FrameSynthesizer> made = preloaded.take(stages.interpolators());
            p.synthesizers.addAll(made);
            if (stages.streamApp()) p.streamApp = StreamApp.start(kafka, stateDir, EncoderService.DEFAULT_STALL_TIMEOUT, roots);
            for (int i = 0; i < stages.interpolators(); i++) {
                FrameSynthesizer synthesizer = made.get(i);
                if (i == 0) log.info("interpolator: {} x{}, batch {}", synthesizer.description(), stages.interpolators(), preloaded.batchSize());
                InterpolatorService interpolator = new InterpolatorService(kafka, synthesizer, preloaded.batchSize());
                p.interpolators.add(interpolator);
                p.run("interpolator-" + i, interpolator);
            }
            if (stages.decoder()) {
                p.decoder = new DecoderService(kafka, JobDecoder.DEFAULT_LIVE_TIMEOUT, live, roots);
                p.run("decoder", p.decoder);
            }
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /**
     * Synthesizers being made on a thread of their own: loading the weights and the native engine
     * takes about a second, as does a broker's start, and neither needs the other. Closing it
     * closes whatever a pipeline did not take over.
     */
    public static final class Preload implements AutoCloseable {
        private final CompletableFuture<List<FrameSynthesizer>> made;
        private final int count, batchSize;
        private boolean taken;

        private Preload(CompletableFuture<List<FrameSynthesizer>> made, int count, int batchSize) {
            this.made = made;
            this.count = count;
            this.batchSize = batchSize;
        }

        /** Starts making {@code count} synthesizers (none for a pipeline without interpolators; options may then be null). */
        public static Preload start(SynthesizerOptions options, int count) {
            if (count == 0) return new Preload(CompletableFuture.completedFuture(List.of()), 0, 1);
            CompletableFuture<List<FrameSynthesizer>> made = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                List<FrameSynthesizer> list = new ArrayList<>();
                try {
                    for (int i = 0; i < count; i++) list.add(SynthesizerFactory.create(options));
                    made.complete(list);
                } catch (RuntimeException | Error e) {
                    list.forEach(FrameSynthesizer::close);
                    made.completeExceptionally(e);
                }
            }, "inbetween-model-load");
            t.setDaemon(true);
            t.start();
            return new Preload(made, count, options.batchSize());
        }

        int batchSize() { return batchSize; }

        /** Waits for the synthesizers; rethrows, as it was, what kept them from being made. */
        List<FrameSynthesizer> take(int expected) {
            if (expected != count) throw new IllegalArgumentException(count + " synthesizers preloaded for " + expected + " interpolators");
            try {
                List<FrameSynthesizer> list = made.join();
                taken = true;
                return list;
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw e;
            }
        }

        @Override public void close() {
            if (taken) return;
            try {
                made.join().forEach(FrameSynthesizer::close);
            } catch (RuntimeException e) {
                // never made: nothing to close
            }
        }
    }

    private void run(String name, ServiceLoop service) {
        services.add(0, service); // closed in reverse start order: the decoder first, the interpolators last
        threads.add(service.startThread(name, failure));
    }

    /** What each interpolator replica of this process has done, for metrics. */
    public List<InterpolatorStats> interpolatorStats() {
        return interpolators.stream().map(InterpolatorService::stats).toList();
    }

    /** Every Kafka client of the stages in this process, for client metrics. */
    public KafkaClients kafkaClients() {
        KafkaClients all = KafkaClients.of();
        if (decoder != null) all = all.and(decoder.kafkaClients());
        for (InterpolatorService i : interpolators) all = all.and(i.kafkaClients());
        if (streamApp != null) all = all.and(streamApp.encoder().kafkaClients());
        return all;
    }

    /** The live job of this process's decoder (running or last), or null; for the status line and metrics. */
    public LiveStatus liveStatus() { return decoder == null ? null : decoder.liveStatus(); }

    /** A live job's latest status from this process's decoder, or null. */
    public LiveStatus liveStatus(String jobId) { return decoder == null ? null : decoder.liveStatus(jobId); }

    /** What the decoder of this process has read, or null when no decoder runs here; for metrics. */
    public JobDecoder.Stats decoderStats() { return decoder == null ? null : decoder.stats(); }

    /**
     * Passes the encoder's written frames (their publishedAtMillis) to {@code listener}, for
     * end-to-end latency metrics; nothing happens when no encoder runs here.
     */
    public void onFrameWritten(LongConsumer listener) { if (streamApp != null) streamApp.onFrameWritten(listener); }

    /** The stream application of this process, or null when it runs elsewhere; for metrics. */
    public StreamApp streamApp() { return streamApp; }

    /** Throws when a stage has died, so that a waiting client never hangs on a dead pipeline. */
    public void checkAlive() {
        String f = failure.get();
        if (f != null) throw new IllegalStateException(f);
        if (streamApp != null) streamApp.checkAlive();
    }

    @Override public void close() {
        // Every stage is asked to stop at once, and the stream app closes meanwhile: one after
        // the other, each waiting out its poll and client closes, took 3 s after a job was done.
        services.forEach(ServiceLoop::requestClose);
        Thread streams = streamApp == null ? null : new Thread(streamApp::close, "inbetween-close-stream-app");
        if (streams != null) streams.start();
        for (ServiceLoop s : services) {
            try { s.close(); } catch (Exception e) { log.warn("closing {}: {}", s, e.toString()); }
        }
        for (Thread t : threads) join(t);
        // Only once no replica can still be inside synthesize(): native memory goes with them.
        synthesizers.forEach(FrameSynthesizer::close);
        if (streams != null) join(streams);
    }

    private static void join(Thread t) {
        try { t.join(10_000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }
}
