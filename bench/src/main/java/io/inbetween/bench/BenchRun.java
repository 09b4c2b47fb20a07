package io.inbetween.bench;

import java.util.List;

/** Everything one benchmark run measured, ready to be written up. */
public record BenchRun(BenchPlan plan, MachineStamp stamp, BenchSettings settings, List<MethodOutcome> outcomes,
                       List<PipelineThroughput.Result> pipeline, double wallSeconds) {

    /** Speeds are also given relative to this method, measured in the same run. */
    public static final String REFERENCE = MinterpolateMethod.ID;

    public MethodOutcome outcome(String method) {
        return outcomes.stream().filter(o -> o.method().equals(method)).findFirst().orElse(null);
    }

    public Summary summary(String method, Protocol protocol, Resolution resolution) {
        MethodOutcome o = outcome(method);
        return o == null ? null : Summary.of(o, protocol.factor(), resolution);
    }

    /** The task the plot shows: 2x at the largest size of the plan. */
    public Resolution plotResolution() { return plan.resolutions().get(plan.resolutions().size() - 1); }

    public Protocol plotProtocol() { return plan.protocols().get(0); }
}
