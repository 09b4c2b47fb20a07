package io.inbetween.wire;

/**
 * The state of a job, as published to the compacted jobs topic. Each event carries the whole
 * state (spec included), so the latest event per job is all one needs after compaction.
 *
 * @param info        null until the decoder has opened the source
 * @param totalFrames output frames the job will have; -1 while unknown (decoding, or live)
 * @param framesDone  output frames written so far
 * @param error       one-line reason when FAILED, else null
 */
public record JobEvent(JobSpec spec, JobState state, VideoInfo info, long totalFrames, long framesDone,
                       String error, long atMillis) {

    public String jobId() { return spec.jobId(); }

    public static JobEvent queued(JobSpec spec) {
        return new JobEvent(spec, JobState.QUEUED, null, -1, 0, null, System.currentTimeMillis());
    }

    public JobEvent running(VideoInfo info) {
        return new JobEvent(spec, JobState.RUNNING, info, totalFrames, framesDone, null, System.currentTimeMillis());
    }

    public JobEvent withTotal(long total) {
        return new JobEvent(spec, state, info, total, framesDone, error, System.currentTimeMillis());
    }

    public JobEvent progress(long done) {
        return new JobEvent(spec, state, info, totalFrames, done, error, System.currentTimeMillis());
    }

    public JobEvent done() {
        return new JobEvent(spec, JobState.DONE, info, totalFrames, framesDone, null, System.currentTimeMillis());
    }

    public JobEvent failed(String reason) {
        return new JobEvent(spec, JobState.FAILED, info, totalFrames, framesDone, reason, System.currentTimeMillis());
    }

    /** A live job asked to end cleanly (what was read is still written). */
    public JobEvent stopping() {
        return new JobEvent(spec, JobState.STOPPING, info, totalFrames, framesDone, null, System.currentTimeMillis());
    }

    public JobEvent cancelled() {
        return new JobEvent(spec, JobState.CANCELLED, info, totalFrames, framesDone, null, System.currentTimeMillis());
    }

    /**
     * Folds a newer event into what is known. Stages publish concurrently (the decoder its totals,
     * the encoder its progress), so a field is never lost to a racing writer: info and totals
     * stick once known, progress only grows, a final state is never left, and a stop
     * request is kept until the job ends.
     */
    public static JobEvent merge(JobEvent known, JobEvent next) {
        if (known == null) return next;
        // a stop request holds against the running job's own progress events until the job ends
        JobState state = known.state.isFinal() || (known.state == JobState.STOPPING && !next.state.isFinal()) ? known.state : next.state;
        String error = state == JobState.FAILED ? (known.error != null ? known.error : next.error) : null;
        return new JobEvent(next.spec, state, next.info != null ? next.info : known.info,
                Math.max(known.totalFrames, next.totalFrames), Math.max(known.framesDone, next.framesDone),
                error, Math.max(known.atMillis, next.atMillis));
    }
}
