package io.inbetween.serve;

import java.util.function.IntSupplier;

/**
 * Decides at the door whether a new job can be taken: jobs still queued or running, plus uploads
 * still arriving, stay under a limit. A request past it gets 429 with Retry-After before its body
 * is read; one let in is either queued durably in Kafka or refused with a reason: never lost.
 */
final class Admission {
    private final int maxActive;
    private final IntSupplier activeJobs;
    private int arriving;

    Admission(int maxActive, IntSupplier activeJobs) {
        this.maxActive = maxActive;
        this.activeJobs = activeJobs;
    }

    /** A place held for one incoming job until it is queued (and so counted by the board) or refused. */
    final class Ticket implements AutoCloseable {
        private boolean closed;

        @Override public void close() {
            synchronized (Admission.this) {
                if (!closed) { closed = true; arriving--; }
            }
        }
    }

    synchronized Ticket enter() {
        int active = activeJobs.getAsInt();
        if (active + arriving >= maxActive)
            throw new ApiException(429, "the server is busy with " + (active + arriving) + " jobs (limit " + maxActive
                    + "); nothing was queued, try again when one has finished");
        arriving++;
        return new Ticket();
    }
}
