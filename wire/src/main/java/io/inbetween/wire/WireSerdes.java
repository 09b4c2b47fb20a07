package io.inbetween.wire;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary serdes for every record on Inbetween's topics. Each value starts with a one-byte record
 * type and a one-byte version, so a record of the wrong kind or version is refused with a clear
 * {@link WireFormatException} instead of being misread.
 */
public final class WireSerdes {
    private static final int VERSION = 1;
    /** Pairs carry their original's output index since version 2, a deadline since version 3; older ones still read. */
    /** 4: frames compressed (FrameCodec); 3: a deadline; 2: the original's index. */
    private static final int PAIR_VERSION = 4;
    /** 2: the frame compressed (FrameCodec). */
    private static final int FRAME_VERSION = 2;
    private static final int PAIR = 'P', FRAME = 'F', JOB = 'J';

    private WireSerdes() {}

    public static Serde<FramePair> framePair() { return Serdes.serdeFrom(WireSerdes::writePair, WireSerdes::readPair); }

    public static Serde<OutputFrame> outputFrame() { return Serdes.serdeFrom(WireSerdes::writeFrame, WireSerdes::readFrame); }

    public static Serde<JobEvent> jobEvent() { return Serdes.serdeFrom(WireSerdes::writeJob, WireSerdes::readJob); }

    // ---- pairs

    public static byte[] writePair(String topic, FramePair p) {
        int size = p == null ? 0 : 128 + p.jobId().length() * 3 + 2 * p.frame0().rgb().length + 16 * p.slots().size();
        return write(PAIR, PAIR_VERSION, size, p == null ? null : out -> {
            out.writeUTF(p.jobId());
            out.writeLong(p.seq());
            out.writeLong(p.pts0Micros());
            out.writeLong(p.pts1Micros());
            out.writeBoolean(p.sceneCut());
            FrameCodec.write(out, p.frame0());
            FrameCodec.write(out, p.frame1());
            out.writeInt(p.slots().size());
            for (Slot s : p.slots()) { out.writeLong(s.outputIndex()); out.writeDouble(s.tau()); }
            out.writeInt(p.steps());
            out.writeLong(p.seed());
            out.writeLong(p.publishedAtMillis());
            out.writeLong(p.originalIndex());
            out.writeLong(p.deadlineMillis());
        });
    }

    public static FramePair readPair(String topic, byte[] data) {
        return read(PAIR, PAIR_VERSION, "frame pair", data, (in, version) -> {
            String job = in.readUTF();
            long seq = in.readLong(), pts0 = in.readLong(), pts1 = in.readLong();
            boolean cut = in.readBoolean();
            RgbFrame f0 = version >= 4 ? FrameCodec.read(in) : FrameCodec.readRaw(in);
            RgbFrame f1 = version >= 4 ? FrameCodec.read(in) : FrameCodec.readRaw(in);
            int n = checkedCount(in.readInt(), 10_000, "slots");
            List<Slot> slots = new ArrayList<>(n);
            for (int i = 0; i < n; i++) slots.add(new Slot(in.readLong(), in.readDouble()));
            int steps = in.readInt();
            long seed = in.readLong(), published = in.readLong();
            long original = version >= 2 ? in.readLong() : FramePair.NO_ORIGINAL;
            long deadline = version >= 3 ? in.readLong() : FramePair.NO_DEADLINE;
            return new FramePair(job, seq, pts0, pts1, cut, f0, f1, slots, steps, seed, published, original, deadline);
        });
    }

    // ---- output frames

    public static byte[] writeFrame(String topic, OutputFrame f) {
        int size = f == null || f.frame() == null ? 256 : 256 + f.frame().rgb().length;
        return write(FRAME, FRAME_VERSION, size, f == null ? null : out -> {
            out.writeUTF(f.jobId());
            out.writeLong(f.index());
            out.writeByte(f.origin().ordinal());
            out.writeDouble(f.tau());
            out.writeLong(f.publishedAtMillis());
            out.writeBoolean(f.frame() != null);
            if (f.frame() != null) FrameCodec.write(out, f.frame());
        });
    }

    public static OutputFrame readFrame(String topic, byte[] data) {
        return read(FRAME, FRAME_VERSION, "output frame", data, (in, version) -> {
            String job = in.readUTF();
            long index = in.readLong();
            int origin = in.readUnsignedByte();
            if (origin >= FrameOrigin.values().length) throw new WireFormatException("unknown frame origin " + origin);
            double tau = in.readDouble();
            long at = in.readLong();
            RgbFrame frame = !in.readBoolean() ? null : version >= 2 ? FrameCodec.read(in) : FrameCodec.readRaw(in);
            return new OutputFrame(job, index, FrameOrigin.values()[origin], tau, frame, at);
        });
    }

    // ---- jobs

    public static byte[] writeJob(String topic, JobEvent e) {
        return write(JOB, e == null ? null : out -> {
            JobSpec s = e.spec();
            out.writeUTF(s.jobId());
            out.writeUTF(s.input());
            out.writeUTF(s.output());
            out.writeInt(s.rate().factor());
            writeRational(out, s.rate().fps());
            out.writeInt(s.encoding().crf());
            out.writeUTF(s.encoding().preset());
            out.writeBoolean(s.encoding().lossless());
            out.writeInt(s.steps());
            out.writeLong(s.seed());
            out.writeDouble(s.sceneThreshold());
            out.writeByte(e.state().ordinal());
            VideoInfo i = e.info();
            out.writeBoolean(i != null);
            if (i != null) {
                out.writeInt(i.width());
                out.writeInt(i.height());
                writeRational(out, i.sourceRate());
                writeRational(out, i.outputRate());
                out.writeLong(i.durationMicros());
                out.writeInt(i.audioChannels());
                out.writeInt(i.audioSampleRate());
                out.writeUTF(i.codec());
            }
            out.writeLong(e.totalFrames());
            out.writeLong(e.framesDone());
            out.writeBoolean(e.error() != null);
            if (e.error() != null) out.writeUTF(e.error());
            out.writeLong(e.atMillis());
            // appended, so that events written before it read as unrotated
            if (e.info() != null) out.writeDouble(e.info().displayRotation());
        });
    }

    public static JobEvent readJob(String topic, byte[] data) {
        return read(JOB, "job event", data, (in, version) -> {
            String id = in.readUTF(), input = in.readUTF(), output = in.readUTF();
            int factor = in.readInt();
            Rational fps = readRational(in);
            OutputRate rate = new OutputRate(factor, fps);
            Encoding enc = new Encoding(in.readInt(), in.readUTF(), in.readBoolean());
            JobSpec spec = new JobSpec(id, input, output, rate, enc, in.readInt(), in.readLong(), in.readDouble());
            int state = in.readUnsignedByte();
            if (state >= JobState.values().length) throw new WireFormatException("unknown job state " + state);
            VideoInfo info = in.readBoolean()
                    ? new VideoInfo(in.readInt(), in.readInt(), readRational(in), readRational(in), in.readLong(),
                                    in.readInt(), in.readInt(), in.readUTF())
                    : null;
            long total = in.readLong(), done = in.readLong();
            String error = in.readBoolean() ? in.readUTF() : null;
            long at = in.readLong();
            if (info != null && in.available() >= Double.BYTES)
                info = new VideoInfo(info.width(), info.height(), info.sourceRate(), info.outputRate(), info.durationMicros(),
                        info.audioChannels(), info.audioSampleRate(), info.codec(), in.readDouble());
            return new JobEvent(spec, JobState.values()[state], info, total, done, error, at);
        });
    }

    // ---- helpers

    private interface Writer { void write(DataOutputStream out) throws IOException; }

    private interface Reader<T> { T read(DataInputStream in, int version) throws IOException; }

    private static byte[] write(int type, Writer body) { return write(type, VERSION, 1024, body); }

    /** @param size about the bytes it will take: a frame is written once, not copied as the buffer grows */
    private static byte[] write(int type, int version, int size, Writer body) {
        if (body == null) return null; // tombstone
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(type);
            out.writeByte(version);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory stream: cannot happen
        }
    }

    private static <T> T read(int type, String what, byte[] data, Reader<T> body) { return read(type, VERSION, what, data, body); }

    /** Reads versions 1 to {@code newest} of a record type. */
    private static <T> T read(int type, int newest, String what, byte[] data, Reader<T> body) {
        if (data == null) return null;
        if (data.length < 2) throw new WireFormatException("not an Inbetween " + what + ": only " + data.length + " bytes");
        if (data[0] != type)
            throw new WireFormatException("not an Inbetween " + what + ": record type byte is " + (data[0] & 0xff));
        if (data[1] < 1 || data[1] > newest)
            throw new WireFormatException("unsupported " + what + " format version " + data[1] + " (this build reads 1 to " + newest + ")");
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 2, data.length - 2));
        try {
            T value = body.read(in, data[1]);
            if (in.available() > 0) throw new WireFormatException(what + " has " + in.available() + " trailing bytes");
            return value;
        } catch (EOFException e) {
            throw new WireFormatException("truncated " + what + " (" + data.length + " bytes)", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new WireFormatException("malformed " + what + ": " + e.getMessage(), e);
        }
    }

    private static void writeRational(DataOutputStream out, Rational r) throws IOException {
        out.writeBoolean(r != null);
        if (r != null) { out.writeLong(r.num()); out.writeLong(r.den()); }
    }

    private static Rational readRational(DataInputStream in) throws IOException {
        return in.readBoolean() ? new Rational(in.readLong(), in.readLong()) : null;
    }

    private static int checkedCount(int n, int max, String what) {
        if (n < 0 || n > max) throw new WireFormatException("implausible number of " + what + ": " + n);
        return n;
    }
}
