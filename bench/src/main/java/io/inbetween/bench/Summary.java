package io.inbetween.bench;

import java.util.List;

/**
 * One method on one task, over all clips: scores are the mean of the clip means (each clip counts
 * the same), speed is all synthesized frames over all their time.
 */
public record Summary(String method, int factor, Resolution resolution, int clips, double psnr, double ssim, double gmsd,
                      double fps) {

    public String task() { return factor + "x " + resolution.label(); }

    /** null when the method has no result on the task. */
    public static Summary of(MethodOutcome outcome, int factor, Resolution resolution) {
        List<ClipResult> rs = outcome.clips().stream().filter(r -> r.factor() == factor && r.resolution() == resolution).toList();
        if (rs.isEmpty()) return null;
        double frames = rs.stream().mapToDouble(ClipResult::frames).sum();
        double seconds = rs.stream().mapToDouble(ClipResult::seconds).sum();
        return new Summary(outcome.method(), factor, resolution, rs.size(),
                rs.stream().mapToDouble(ClipResult::psnr).average().orElseThrow(),
                rs.stream().mapToDouble(ClipResult::ssim).average().orElseThrow(),
                rs.stream().mapToDouble(ClipResult::gmsd).average().orElseThrow(),
                frames / seconds);
    }
}
