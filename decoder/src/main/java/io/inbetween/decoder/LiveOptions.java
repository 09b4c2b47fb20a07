package io.inbetween.decoder;

import io.inbetween.decoder.source.LiveFeed;
import io.inbetween.decoder.source.SourcePolicy;

import java.time.Duration;

/**
 * How the decoder treats live sources: which hosts it may reach and where it binds
 * ({@link SourcePolicy}), how a lost feed is read again ({@link LiveFeed.Settings}), and the
 * latency budget that the quality ladder keeps the output within.
 */
public record LiveOptions(SourcePolicy policy, LiveFeed.Settings feed, Duration latencyBudget) {
    /** The budget when none is given: the 2 s, which 320x240 at K=0 holds on 2 cores (bench/live). */
    public static final Duration DEFAULT_LATENCY_BUDGET = Duration.ofSeconds(2);
    public static final LiveOptions DEFAULT = new LiveOptions(SourcePolicy.DEFAULT, LiveFeed.Settings.DEFAULT, DEFAULT_LATENCY_BUDGET);

    public LiveOptions {
        if (latencyBudget.isNegative() || latencyBudget.isZero())
            throw new IllegalArgumentException("latency budget must be positive, got " + latencyBudget);
    }

    public LiveOptions withPolicy(SourcePolicy p) { return new LiveOptions(p, feed, latencyBudget); }

    public LiveOptions withFeed(LiveFeed.Settings f) { return new LiveOptions(policy, f, latencyBudget); }

    public LiveOptions withLatencyBudget(Duration b) { return new LiveOptions(policy, feed, b); }
}
