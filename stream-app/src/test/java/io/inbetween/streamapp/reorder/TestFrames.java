package io.inbetween.streamapp.reorder;

import io.inbetween.wire.FrameOrigin;
import io.inbetween.wire.OutputFrame;
import io.inbetween.wire.RgbFrame;

import java.util.Arrays;

/** Small frames whose pixels say which job and index they belong to, so that a mixed-up frame shows. */
final class TestFrames {
    private TestFrames() {}

    static OutputFrame frame(String job, long index) {
        byte[] rgb = new byte[4 * 2 * 3];
        Arrays.fill(rgb, (byte) (index * 7 + job.hashCode()));
        rgb[0] = (byte) index;
        rgb[1] = (byte) (index >> 8);
        return new OutputFrame(job, index, index % 3 == 0 ? FrameOrigin.ORIGINAL : FrameOrigin.SYNTHESIZED,
                (index % 3) / 3.0, new RgbFrame(4, 2, rgb), 1_000L + index);
    }

    static OutputFrame end(String job, long total) { return OutputFrame.endOfStream(job, total); }

    static OutputFrame frameOrEnd(String job, long index, long total) {
        return index == total ? end(job, total) : frame(job, index);
    }
}
