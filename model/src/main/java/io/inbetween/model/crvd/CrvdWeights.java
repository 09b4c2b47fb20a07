package io.inbetween.model.crvd;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.CRC32;

/**
 * The weights file: magic "CRVD", format version, the {@link CrvdConfig}, a provenance line,
 * DJL's parameter encoding of the whole network, and a CRC32 of all that, so truncation and
 * bit rot are reported as such instead of as a confusing shape error.
 */
final class CrvdWeights {
    private static final int MAGIC = 0x43525644; // "CRVD"
    /** Format 2 added the flow-condition flag to the configuration, format 3 the 1/2-scale flow level; older files still load. */
    private static final int VERSION = 3;

    private CrvdWeights() {}

    static byte[] encode(CrvdConfig config, String provenance, Block network) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            config.write(out);
            out.writeUTF(provenance);
            network.saveParameters(out);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        DataOutputStream tail = new DataOutputStream(bytes);
        tail.writeLong(crc.getValue());
        tail.flush();
        return bytes.toByteArray();
    }

    /** The header of a weights file, checked; the parameters follow in {@code parameters}. */
    record Header(CrvdConfig config, String provenance, DataInputStream parameters) {}

    static Header decode(byte[] file, String source) throws WeightsFormatException {
        if (file.length < 16) throw new WeightsFormatException(source + " is not a CRVD weights file (" + file.length + " bytes)");
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, 0, file.length - 8));
            if (in.readInt() != MAGIC) throw new WeightsFormatException(source + " is not a CRVD weights file (wrong magic number)");
            int version = in.readInt();
            if (version < 1 || version > VERSION)
                throw new WeightsFormatException(source + " has weights format version " + version + ", this build reads versions 1 to " + VERSION);
            long stored = new DataInputStream(new ByteArrayInputStream(file, file.length - 8, 8)).readLong();
            CRC32 crc = new CRC32();
            crc.update(file, 0, file.length - 8);
            if (crc.getValue() != stored)
                throw new WeightsFormatException(source + " is corrupt (checksum mismatch): restore it or export the weights again");
            CrvdConfig config;
            try {
                config = CrvdConfig.read(in, version);
            } catch (IllegalArgumentException e) {
                throw new WeightsFormatException(source + " has an invalid network shape: " + e.getMessage());
            }
            return new Header(config, in.readUTF(), in);
        } catch (EOFException e) {
            throw new WeightsFormatException(source + " is truncated: restore it or export the weights again", e);
        } catch (WeightsFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new WeightsFormatException(source + " cannot be read: " + e.getMessage(), e);
        }
    }

    static void loadParameters(Header header, Block network, NDManager manager, String source) throws WeightsFormatException {
        try {
            network.loadParameters(manager, header.parameters());
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new WeightsFormatException(source + " does not fit the CRVD network it declares: " + e.getMessage(), e);
        }
    }
}
