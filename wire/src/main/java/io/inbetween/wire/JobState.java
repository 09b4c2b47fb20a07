package io.inbetween.wire;

/**
 * The life of a job. DONE, FAILED and CANCELLED are final. STOPPING is a live job asked to end:
 * its decoder stops reading the feed, and what was read is still written, so it ends DONE.
 * (New states go last: events carry the ordinal.)
 */
public enum JobState {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED, STOPPING;

    public boolean isFinal() { return this == DONE || this == FAILED || this == CANCELLED; }

    /** Ended before it was done (cancelled by a user or failed by a stage): its remaining work is dropped. */
    public boolean isAbandoned() { return this == FAILED || this == CANCELLED; }
}
