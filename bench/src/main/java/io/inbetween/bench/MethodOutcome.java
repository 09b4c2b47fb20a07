package io.inbetween.bench;

import java.util.List;

/**
 * Everything one method's run produced.
 *
 * @param peakRssBytes     peak resident memory of the process that did the work, -1 if unknown
 * @param baselineRssBytes for in-JVM methods, the JVM's peak before the method was opened (frames decoded); else -1
 * @param error            why the method could not run or failed, else null
 * @param unavailable      the method could not start in this build (e.g. no model weights yet): a gap, not a failure
 */
public record MethodOutcome(String method, String description, List<ClipResult> clips, ThroughputResult throughput,
                            long peakRssBytes, long baselineRssBytes, String error, boolean unavailable) {

    public boolean ok() { return error == null; }

    public static MethodOutcome failed(String method, String error, boolean unavailable) {
        return new MethodOutcome(method, null, List.of(), null, -1, -1, error, unavailable);
    }
}
