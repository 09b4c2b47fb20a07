package io.inbetween.model.crvd;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The shape of a CRVD network; stored in every weights file so that a file always rebuilds the
 * network it was trained as.
 *
 * @param muCoarse      channels of the flow level that sees 1/16 resolution (works at 1/32)
 * @param muMiddle      channels of the level at 1/8 (works at 1/16)
 * @param muFine        channels of the level at 1/4 (works at 1/8)
 * @param muDepth       body convolutions per flow level
 * @param denoiserHalf  denoiser channels at 1/2 resolution
 * @param denoiserQuarter denoiser channels at 1/4
 * @param denoiserEighth  denoiser channels at 1/8
 * @param residualScale sigma: the denoiser models y = (x - mu) / sigma
 * @param flowCondition the denoiser's condition includes the two flows (weights format 2 on)
 * @param muHalf        channels of a fourth flow level at 1/2 resolution (works at 1/4), or 0 for
 *                      none (weights format 3 on); with it the flow field is at 1/2 size, not 1/4
 */
public record CrvdConfig(int muCoarse, int muMiddle, int muFine, int muDepth,
                         int denoiserHalf, int denoiserQuarter, int denoiserEighth, float residualScale, boolean flowCondition,
                         int muHalf) {

    /** The shipped configuration, sized for CPU training and serving. */
    public static final CrvdConfig DEFAULT = new CrvdConfig(96, 64, 40, 4, 16, 32, 48, 0.1f, true, 32);

    /** Frames are padded to a multiple of this: 1/16-resolution inputs, halved once more inside. */
    public static final int STRIDE = 32;

    public CrvdConfig {
        for (int c : new int[] {muCoarse, muMiddle, muFine, muDepth, denoiserHalf, denoiserQuarter, denoiserEighth})
            if (c <= 0 || c > 1024) throw new IllegalArgumentException("implausible CRVD width " + c);
        if (muHalf < 0 || muHalf > 1024) throw new IllegalArgumentException("implausible CRVD width " + muHalf);
        if (!(residualScale > 0 && residualScale <= 1)) throw new IllegalArgumentException("residual scale must lie in (0,1], got " + residualScale);
    }

    /** The flow field's resolution relative to the padded frame: 2 with the 1/2-scale level, else 4. */
    public int fieldScale() { return muHalf > 0 ? 2 : 4; }

    /** This shape with a 1/2-scale flow level of {@code channels}: what an older checkpoint grows into. */
    public CrvdConfig withMuHalf(int channels) {
        return new CrvdConfig(muCoarse, muMiddle, muFine, muDepth, denoiserHalf, denoiserQuarter, denoiserEighth, residualScale, flowCondition, channels);
    }

    /** Full-resolution channels of the denoiser's condition: I0, I1, warped I0, warped I1, mu (3 each), the mask, and the flows when asked. */
    public int conditionChannels() { return 16 + (flowCondition ? 4 : 0); }

    void write(DataOutput out) throws IOException {
        for (int c : new int[] {muCoarse, muMiddle, muFine, muDepth, denoiserHalf, denoiserQuarter, denoiserEighth}) out.writeInt(c);
        out.writeFloat(residualScale);
        out.writeBoolean(flowCondition);
        out.writeInt(muHalf);
    }

    /** Reads a configuration written by weights format {@code version} (1 had no flow condition, 1 and 2 no 1/2-scale level). */
    static CrvdConfig read(DataInput in, int version) throws IOException {
        return new CrvdConfig(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readFloat(),
                version >= 2 && in.readBoolean(), version >= 3 ? in.readInt() : 0);
    }
}
