package io.inbetween.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Everything a run needs to continue: the next iteration, the seed (data and noise of iteration
 * i come from a generator seeded by seed and i, so the seed and the iteration are the whole
 * random state), the network weights, the optimizer moments of the current stage, the best
 * validation score so far with the linear blend's score on the same held-out set (if the set
 * changes, the scores no longer compare), and the training time spent. Written to a temporary file and renamed,
 * so a crash never leaves a half-written checkpoint.
 */
record Checkpoint(long iteration, long seed, TrainingStage stage, byte[] weights, byte[] optimizer,
                  double bestScore, double bestBlend, long trainMillis) {
    static final String FILE = "checkpoint.bin";
    private static final int MAGIC = 0x43525643; // "CRVC"
    /** Version 2 added the blend PSNR of the held-out set the best score was measured on. */
    private static final int VERSION = 2;

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(iteration);
            out.writeLong(seed);
            out.writeUTF(stage.name());
            out.writeDouble(bestScore);
            out.writeDouble(bestBlend);
            out.writeLong(trainMillis);
            out.writeInt(weights.length);
            out.write(weights);
            out.writeInt(optimizer.length);
            out.write(optimizer);
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Optional<Checkpoint> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 20))) {
            if (in.readInt() != MAGIC) throw new IOException(file + " is not a CRVD checkpoint; move it away or choose another --out");
            int version = in.readInt();
            if (version < 1 || version > VERSION) throw new IOException(file + " is checkpoint version " + version + ", this build reads 1 to " + VERSION);
            long iteration = in.readLong();
            long seed = in.readLong();
            TrainingStage stage = TrainingStage.valueOf(in.readUTF());
            double best = in.readDouble();
            double blend = version >= 2 ? in.readDouble() : Double.NaN;
            long millis = in.readLong();
            byte[] weights = readFully(in);
            byte[] optimizer = readFully(in);
            return Optional.of(new Checkpoint(iteration, seed, stage, weights, optimizer, best, blend, millis));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (EOFException | IllegalArgumentException e) {
            throw new IOException(file + " is truncated or corrupt; delete it to start over, or restore it", e);
        }
    }

    private static byte[] readFully(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) throw new EOFException("negative length");
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) throw new EOFException("short read");
        return bytes;
    }
}
