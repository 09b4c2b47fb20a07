package io.inbetween.serve;

import io.inbetween.local.LocalPipeline;
import io.inbetween.interpolator.InterpolatorStats;
import io.inbetween.wire.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's own meters, read from the stats of the stages running in this process (which do
 * not depend on Micrometer) and from the jobs topic; the encoder's frame latencies arrive through
 * {@code LocalPipeline.onFrameWritten}.
 *
 * <p>Prometheus names: {@code inbetween_frames_in_total}, {@code inbetween_frames_synthesized_total},
 * {@code inbetween_frames_out_total}, {@code inbetween_frame_latency_seconds} (histogram),
 * {@code inbetween_scene_cuts_total}, {@code inbetween_errors_total{stage,kind}},
 * {@code inbetween_interpolator_batch_size}, {@code inbetween_interpolator_busy_ratio},
 * {@code inbetween_jobs{state}}; for live jobs {@code inbetween_live_level} (the quality level of the
 * latest live job: 0 full .. 3 repeat, -1 none), {@code inbetween_live_level_changes_total},
 * {@code inbetween_live_gaps_total} and {@code inbetween_live_late_pairs_total}.
 */
final class PipelineMeters {
    static final String FRAMES_IN = "inbetween.frames.in";
    static final String FRAMES_SYNTHESIZED = "inbetween.frames.synthesized";
    static final String FRAMES_OUT = "inbetween.frames.out";
    static final String FRAME_LATENCY = "inbetween.frame.latency";
    static final String SCENE_CUTS = "inbetween.scene.cuts";
    static final String ERRORS = "inbetween.errors";
    static final String BATCH_SIZE = "inbetween.interpolator.batch.size";
    static final String BUSY_RATIO = "inbetween.interpolator.busy.ratio";
    static final String JOBS = "inbetween.jobs";
    static final String INTERPOLATOR_SECONDS = "inbetween.interpolator.synthesis";
    static final String KAFKA_BYTES = "inbetween.kafka.bytes";
    static final String LIVE_LEVEL = "inbetween.live.level";
    static final String LIVE_LEVEL_CHANGES = "inbetween.live.level.changes";
    static final String LIVE_GAPS = "inbetween.live.gaps";
    static final String LIVE_LATE_PAIRS = "inbetween.live.late.pairs";

    private PipelineMeters() {}

    /** From the decoder publishing the frame's source to now; clock skew between hosts can make it negative: skipped. */
    static void recordLatency(Timer timer, long publishedAtMillis) {
        long latency = System.currentTimeMillis() - publishedAtMillis;
        if (publishedAtMillis > 0 && latency >= 0) timer.record(latency, TimeUnit.MILLISECONDS);
    }

    static Timer latencyTimer(MeterRegistry registry) {
        return Timer.builder(FRAME_LATENCY).description("End-to-end frame latency: decoder publish to encoder write")
                .publishPercentiles(0.5, 0.95, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(10))
                .distributionStatisticExpiry(Duration.ofSeconds(30)).distributionStatisticBufferLength(3)
                .register(registry);
    }

    static Counter errorCounter(MeterRegistry registry, String stage, String kind) {
        return Counter.builder(ERRORS).description("Poison records set aside and jobs failed").tag("stage", stage).tag("kind", kind).register(registry);
    }

    // ---- bound by the server

    /**
     * Registers the meters read from the stages running in this process (none when {@code pipeline}
     * is null), and the job counts. Micrometer holds a function meter's object weakly, so each meter
     * reads from an object the server keeps (the pipeline, the board), never from a throwaway lambda.
     */
    static void bind(MeterRegistry registry, LocalPipeline pipeline, JobBoard board) {
        if (pipeline != null) {
            FunctionCounter.builder(FRAMES_SYNTHESIZED, pipeline, p -> interpolators(p).mapToLong(InterpolatorStats::framesDone).sum())
                    .description("Frames made by the interpolators of this process").register(registry);
            FunctionCounter.builder(ERRORS, pipeline, p -> interpolators(p).mapToLong(InterpolatorStats::poisonRecords).sum())
                    .tag("stage", "interpolator").tag("kind", "poison_record").register(registry);
            FunctionCounter.builder(INTERPOLATOR_SECONDS, pipeline, p -> interpolators(p).mapToDouble(InterpolatorStats::synthesisSeconds).sum())
                    .baseUnit("seconds").description("Time the interpolators of this process spent synthesizing").register(registry);
            Gauge.builder(BATCH_SIZE, pipeline, p -> interpolators(p).mapToInt(InterpolatorStats::currentBatchSize).sum())
                    .description("Pairs in the batches being synthesized now, over this process's replicas").register(registry);
            Gauge.builder(BUSY_RATIO, pipeline, p -> interpolators(p).mapToDouble(InterpolatorStats::busyRatio).average().orElse(0))
                    .description("Share of wall time the interpolators spend synthesizing, since they started").register(registry);
            if (pipeline.decoderStats() != null) {
                FunctionCounter.builder(FRAMES_IN, pipeline, p -> p.decoderStats().sourceFrames())
                        .description("Source frames decoded").register(registry);
                FunctionCounter.builder(SCENE_CUTS, pipeline, p -> p.decoderStats().sceneCuts())
                        .description("Scene cuts found by the decoder").register(registry);
                FunctionCounter.builder(LIVE_LEVEL_CHANGES, pipeline, p -> p.decoderStats().levelChanges())
                        .description("Quality level changes of live jobs (each step down or up the ladder)").register(registry);
                FunctionCounter.builder(LIVE_GAPS, pipeline, p -> p.decoderStats().liveGaps())
                        .description("Gaps in live feeds, bridged by repeating the last frame").register(registry);
                Gauge.builder(LIVE_LEVEL, pipeline, p -> p.liveStatus() == null || p.liveStatus().level() == null ? -1
                                : p.liveStatus().level().ordinal())
                        .description("Quality level of the latest live job: 0 full, 1 K=0, 2 blend, 3 repeat; -1 none").register(registry);
            }
            if (!pipeline.interpolatorStats().isEmpty()) {
                FunctionCounter.builder(LIVE_LATE_PAIRS, pipeline, p -> interpolators(p).mapToLong(InterpolatorStats::latePairs).sum())
                        .description("Live pairs past their deadline, blended by the replica instead of synthesized").register(registry);
            }
        }
        FunctionCounter.builder(FRAMES_OUT, board, JobBoard::framesWritten)
                .description("Output frames written, from the encoders' job progress (cluster-wide)").register(registry);
        for (JobState state : JobState.values())
            Gauge.builder(JOBS, board, b -> b.count(state)).tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("Jobs known, by state").register(registry);
    }

    private static java.util.stream.Stream<InterpolatorStats> interpolators(LocalPipeline p) { return p.interpolatorStats().stream(); }

    /** Counts a job's failure once, when this server sees it happen (not old failures read at start). */
    static final class FailedJobs {
        private final Map<String, Boolean> active = new ConcurrentHashMap<>();

        void observe(JobBoard.Tracked job, MeterRegistry registry) {
            JobState state = job.event().state();
            if (!state.isFinal()) active.put(job.id(), true);
            else if (active.remove(job.id()) != null && state == JobState.FAILED)
                errorCounter(registry, "pipeline", "job_failed").increment();
        }
    }
}
