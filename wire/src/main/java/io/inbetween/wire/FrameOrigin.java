package io.inbetween.wire;

/** Where an output frame came from. */
public enum FrameOrigin {
    /** A decoded source frame, passed through untouched. */
    ORIGINAL,
    /** Made by the synthesizer between two source frames. */
    SYNTHESIZED,
    /** A copy of the nearest source frame, because the pair spans a scene cut. */
    NEAREST,
    /**
     * No picture: the end of a job's frame stream, sent in-band after the last frame so that it
     * stays ordered with the frames. Its index is the job's total number of output frames.
     */
    END_OF_STREAM,
    /**
     * No picture: the previous output frame, shown again. A live job that cannot keep up sends
     * these at the bottom of its quality ladder; they cost no transport and no synthesis.
     */
    REPEAT
}
