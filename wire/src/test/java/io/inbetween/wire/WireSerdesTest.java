package io.inbetween.wire;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireSerdesTest {
    private static RgbFrame frame(int w, int h, int seed) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) (i * 7 + seed);
        return new RgbFrame(w, h, rgb);
    }

    private static FramePair pair(long original) {
        return new FramePair("job", 3, 120_000, 160_000, false, frame(5, 3, 1), frame(5, 3, 2),
                List.of(new Slot(7, 0.5)), 2, 9, 1_700_000_000_000L, original);
    }

    @Test
    void aPairAndTheOriginalItCarriesRoundTrip() {
        FramePair carrying = pair(6), plain = pair(FramePair.NO_ORIGINAL);
        FramePair back = WireSerdes.readPair(Topics.PAIRS, WireSerdes.writePair(Topics.PAIRS, carrying));
        assertThat(back.originalIndex()).isEqualTo(6);
        assertThat(back.carriesOriginal()).isTrue();
        assertThat(back.frame0().rgb()).isEqualTo(carrying.frame0().rgb());
        assertThat(back.slots()).isEqualTo(carrying.slots());
        assertThat(WireSerdes.readPair(Topics.PAIRS, WireSerdes.writePair(Topics.PAIRS, plain)).carriesOriginal()).isFalse();
    }

    @Test
    void aDeadlineRoundTripsAndPairsOfOlderDecodersStillRead() {
        FramePair live = new FramePair("job", 3, 120_000, 160_000, false, frame(5, 3, 1), frame(5, 3, 2),
                List.of(new Slot(7, 0.5)), 0, 9, 1_700_000_000_000L, 6, 1_700_000_001_400L);
        FramePair back = WireSerdes.readPair(Topics.PAIRS, WireSerdes.writePair(Topics.PAIRS, live));
        assertThat(back.deadlineMillis()).isEqualTo(1_700_000_001_400L);
        assertThat(back.isLate(1_700_000_001_400L)).isFalse();
        assertThat(back.isLate(1_700_000_001_401L)).isTrue();
        assertThat(pair(6).isLate(Long.MAX_VALUE)).as("a file's pair is never late").isFalse();

        byte[] v3 = rawPair(3, pair(FramePair.NO_ORIGINAL)); // as decoders before compression wrote them
        FramePair three = WireSerdes.readPair(Topics.PAIRS, v3);
        assertThat(three.frame1().rgb()).isEqualTo(pair(6).frame1().rgb());
        byte[] v2 = Arrays.copyOf(v3, v3.length - Long.BYTES); // version 2 ended after the original's index
        v2[1] = 2;
        FramePair two = WireSerdes.readPair(Topics.PAIRS, v2);
        assertThat(two.deadlineMillis()).isEqualTo(FramePair.NO_DEADLINE);
        byte[] v1 = Arrays.copyOf(v3, v3.length - 2 * Long.BYTES); // version 1 ended after publishedAtMillis
        v1[1] = 1;
        FramePair old = WireSerdes.readPair(Topics.PAIRS, v1);
        assertThat(old.carriesOriginal()).isFalse();
        assertThat(old.publishedAtMillis()).isEqualTo(1_700_000_000_000L);
        byte[] v5 = WireSerdes.writePair(Topics.PAIRS, pair(6));
        v5[1] = 5;
        assertThatThrownBy(() -> WireSerdes.readPair(Topics.PAIRS, v5)).isInstanceOf(WireFormatException.class)
                .hasMessage("unsupported frame pair format version 5 (this build reads 1 to 4)");
    }

    @Test
    void framesAreCompressedLosslesslyPerRecordAndNoiseTravelsRaw() {
        // a smooth 1080p picture: its pair must fit the 8 MB records of a managed cluster
        int w = 1920, h = 1080;
        byte[] smooth = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                smooth[i] = (byte) (x / 8 + y / 16);
                smooth[i + 1] = (byte) (128 + 60 * Math.sin(x / 50.0) * Math.cos(y / 70.0));
                smooth[i + 2] = (byte) ((x ^ y) >> 4);
            }
        RgbFrame picture = new RgbFrame(w, h, smooth);
        FramePair hd = new FramePair("hd", 0, 0, 40_000, false, picture, picture, List.of(new Slot(1, 0.5)), 0, 0, 0, 0);
        byte[] record = WireSerdes.writePair(Topics.PAIRS, hd);
        assertThat(record.length).isLessThan(8 * 1024 * 1024).as("the pair, smaller than one raw frame").isLessThan(smooth.length);
        FramePair back = WireSerdes.readPair(Topics.PAIRS, record);
        assertThat(back.frame0().rgb()).isEqualTo(smooth);
        assertThat(back.frame1().rgb()).isEqualTo(smooth);

        byte[] noise = new byte[320 * 240 * 3];
        new java.util.Random(4).nextBytes(noise);
        OutputFrame loud = new OutputFrame("job", 2, FrameOrigin.SYNTHESIZED, 0.5, new RgbFrame(320, 240, noise), 0);
        byte[] raw = WireSerdes.writeFrame(Topics.FRAMES, loud);
        assertThat(raw.length).as("incompressible: raw, plus a codec byte").isBetween(noise.length, noise.length + 64);
        assertThat(WireSerdes.readFrame(Topics.FRAMES, raw).frame().rgb()).isEqualTo(noise);

        OutputFrame smoothFrame = new OutputFrame("job", 3, FrameOrigin.ORIGINAL, 0, picture, 0);
        byte[] packed = WireSerdes.writeFrame(Topics.FRAMES, smoothFrame);
        packed[packed.length - 10] ^= 0x5a; // damage the compressed bytes
        assertThatThrownBy(() -> WireSerdes.readFrame(Topics.FRAMES, packed)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void outputFramesOfOlderBuildsStillRead() throws Exception {
        RgbFrame f = frame(5, 3, 9);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeByte('F');
        out.writeByte(1);
        out.writeUTF("job");
        out.writeLong(4);
        out.writeByte(FrameOrigin.SYNTHESIZED.ordinal());
        out.writeDouble(0.5);
        out.writeLong(77);
        out.writeBoolean(true);
        out.writeInt(5);
        out.writeInt(3);
        out.write(f.rgb());
        OutputFrame back = WireSerdes.readFrame(Topics.FRAMES, bytes.toByteArray());
        assertThat(back.index()).isEqualTo(4);
        assertThat(back.frame().rgb()).isEqualTo(f.rgb());
    }

    /** A pair in the layout of {@code version} (at most 3), frames raw, as builds before compression wrote it. */
    private static byte[] rawPair(int version, FramePair p) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            out.writeByte('P');
            out.writeByte(version);
            out.writeUTF(p.jobId());
            out.writeLong(p.seq());
            out.writeLong(p.pts0Micros());
            out.writeLong(p.pts1Micros());
            out.writeBoolean(p.sceneCut());
            for (RgbFrame f : List.of(p.frame0(), p.frame1())) {
                out.writeInt(f.width());
                out.writeInt(f.height());
                out.write(f.rgb());
            }
            out.writeInt(p.slots().size());
            for (Slot s : p.slots()) { out.writeLong(s.outputIndex()); out.writeDouble(s.tau()); }
            out.writeInt(p.steps());
            out.writeLong(p.seed());
            out.writeLong(p.publishedAtMillis());
            out.writeLong(p.originalIndex());
            out.writeLong(p.deadlineMillis());
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRepeatCarriesNoPicture() {
        OutputFrame repeat = OutputFrame.repeat("job", 11, 5);
        OutputFrame back = WireSerdes.readFrame(Topics.FRAMES, WireSerdes.writeFrame(Topics.FRAMES, repeat));
        assertThat(back.origin()).isEqualTo(FrameOrigin.REPEAT);
        assertThat(back.frame()).isNull();
        assertThat(back.index()).isEqualTo(11);
        assertThatThrownBy(() -> new OutputFrame("job", 1, FrameOrigin.REPEAT, 0, frame(1, 1, 0), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
