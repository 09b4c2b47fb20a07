package io.inbetween.streamapp.reorder;

import org.apache.kafka.common.utils.Bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key of a buffered frame: the job id, length-prefixed so that no job's keys can fall inside
 * another's range, then the index big-endian, so that the store's byte order is index order and
 * one range scan from the next expected index returns the run of frames that can follow it.
 */
final class EarlyFrameKey {
    private EarlyFrameKey() {}

    static Bytes of(String jobId, long index) {
        byte[] job = jobId.getBytes(StandardCharsets.UTF_8);
        if (job.length > 0xffff) throw new IllegalArgumentException("job id longer than 65535 bytes");
        return Bytes.wrap(ByteBuffer.allocate(2 + job.length + 8).putShort((short) job.length).put(job).putLong(index).array());
    }

    /** The last possible key of a job. */
    static Bytes last(String jobId) { return of(jobId, Long.MAX_VALUE); }

    static long index(Bytes key) {
        byte[] b = key.get();
        return ByteBuffer.wrap(b, b.length - 8, 8).getLong();
    }
}
