package io.inbetween.interpolator;

import io.inbetween.wire.FramePair;
import io.inbetween.wire.JobEvent;
import io.inbetween.wire.JobSpec;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.OutputRate;
import io.inbetween.wire.Encoding;
import io.inbetween.wire.RgbFrame;
import io.inbetween.wire.Slot;
import io.inbetween.wire.Topics;
import io.inbetween.wire.WireSerdes;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Small pairs, jobs and their wire bytes for the service tests. */
final class TestPairs {
    private TestPairs() {}

    static RgbFrame frame(int width, int height, long seed) {
        byte[] rgb = new byte[width * height * 3];
        new Random(seed).nextBytes(rgb);
        return new RgbFrame(width, height, rgb);
    }

    static FramePair pair(String job, long seq, List<Slot> slots, boolean sceneCut) {
        return new FramePair(job, seq, seq * 40_000, (seq + 1) * 40_000, sceneCut, frame(6, 4, seq * 2 + job.hashCode()),
                frame(6, 4, seq * 2 + 1 + job.hashCode()), slots, 3, 500, 1_700_000_000_000L + seq);
    }

    static FramePair pair(String job, long seq) {
        return pair(job, seq, List.of(new Slot(seq * 3 + 1, 1 / 3.0), new Slot(seq * 3 + 2, 2 / 3.0)), false);
    }

    static byte[] bytes(FramePair pair) { return WireSerdes.writePair(Topics.PAIRS, pair); }

    static byte[] key(FramePair pair) { return pair.key().getBytes(StandardCharsets.UTF_8); }

    /** A well-formed pair record whose second frame claims another size with the same byte count. */
    static byte[] mismatchedSizes() {
        FramePair pair = new FramePair("mismatch", 0, 0, 40_000, false, frame(4, 2, 1), frame(4, 2, 2),
                List.of(new Slot(1, 0.5)), 0, 0, 0);
        byte[] bytes = bytes(pair);
        // type, version, job id, seq and times, cut; then frame 0: width, height, codec, its 24 bytes
        int codec0 = 2 + 2 + "mismatch".length() + 3 * 8 + 1 + 2 * 4;
        if (bytes[codec0] != 0) throw new IllegalStateException("a 4x2 frame is expected to travel raw (it cannot shrink)");
        int frame1 = codec0 + 1 + 4 * 2 * 3;
        ByteBuffer.wrap(bytes).putInt(frame1, 2).putInt(frame1 + 4, 4); // 2x4: the same bytes, another shape
        return bytes;
    }

    static JobEvent queued(String job) {
        return JobEvent.queued(new JobSpec(job, "/in/" + job + ".mp4", "/out/" + job + ".mp4", OutputRate.factor(2),
                Encoding.DEFAULT, 0, 0, JobSpec.DEFAULT_SCENE_THRESHOLD));
    }

    static List<OutputFrame> outputs(List<ProducerRecord<byte[], byte[]>> history) {
        return history.stream().filter(r -> r.topic().equals(Topics.FRAMES))
                .map(r -> WireSerdes.readFrame(r.topic(), r.value())).toList();
    }

    static List<ProducerRecord<byte[], byte[]>> deadLetters(List<ProducerRecord<byte[], byte[]>> history) {
        return history.stream().filter(r -> r.topic().equals(Topics.DEAD_LETTERS)).toList();
    }
}
