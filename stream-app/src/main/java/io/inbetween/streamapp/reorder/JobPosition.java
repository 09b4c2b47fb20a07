package io.inbetween.streamapp.reorder;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.ByteBuffer;

/**
 * Where the reorderer stands in one job: the index it waits for, and since when (wall clock) it
 * has waited for it. A finished job keeps a marker, so that a retried frame arriving after the
 * END marker is dropped instead of starting the job over.
 */
record JobPosition(long nextIndex, long sinceMillis, boolean finished) {

    static JobPosition start(long nowMillis) { return new JobPosition(0, nowMillis, false); }

    static JobPosition finished(long nowMillis) { return new JobPosition(-1, nowMillis, true); }

    JobPosition advancedTo(long next, long nowMillis) { return new JobPosition(next, nowMillis, false); }

    static Serde<JobPosition> serde() {
        return Serdes.serdeFrom(
                (topic, p) -> p == null ? null : ByteBuffer.allocate(17)
                        .putLong(p.nextIndex).putLong(p.sinceMillis).put((byte) (p.finished ? 1 : 0)).array(),
                (topic, bytes) -> {
                    if (bytes == null) return null;
                    ByteBuffer in = ByteBuffer.wrap(bytes);
                    return new JobPosition(in.getLong(), in.getLong(), in.get() != 0);
                });
    }
}
