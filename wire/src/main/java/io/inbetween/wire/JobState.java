package io.inbetween.wire;

/** The life of a job. DONE, FAILED and CANCELLED are final. */
public enum JobState {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    public boolean isFinal() { return this == DONE || this == FAILED || this == CANCELLED; }
}
