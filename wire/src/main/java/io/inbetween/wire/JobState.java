package io.inbetween.wire;

/** The life of a job. DONE, FAILED and CANCELLED are final. */
public enum JobState {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    public boolean isFinal() { return this == DONE || this == FAILED || this == CANCELLED; }

    /** Ended before it was done (cancelled by a user or failed by a stage): its remaining work is dropped. */
    public boolean isAbandoned() { return this == FAILED || this == CANCELLED; }
}
