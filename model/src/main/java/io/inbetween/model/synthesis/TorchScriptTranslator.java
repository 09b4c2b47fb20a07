package io.inbetween.model.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * The TorchScript contract as a DJL translator: the inputs {@code (i0, i1, tau)}, float32
 * N x 3 x H x W RGB in [0,1] and N taus, in; the frames, float32 N x 3 x H x W, out. The batch
 * is built by {@link TorchScriptSynthesizer} already (its own group-and-chunk rule), so the
 * translator does not batchify.
 */
final class TorchScriptTranslator implements NoBatchifyTranslator<TorchScriptTranslator.Input, float[]> {

    /** One forward pass: n frame pairs of w x h, planar RGB, and their taus. */
    record Input(float[] frames0, float[] frames1, float[] taus, int n, int width, int height) {
        Shape shape() { return new Shape(n, 3, height, width); }
    }

    /** A model that answers with the wrong shape: the message says what it must return. */
    static final class WrongShapeException extends RuntimeException {
        WrongShapeException(String message) { super(message); }
    }

    private Shape expected;

    @Override public NDList processInput(TranslatorContext ctx, Input input) {
        NDManager manager = ctx.getNDManager();
        expected = input.shape();
        return new NDList(manager.create(input.frames0(), expected), manager.create(input.frames1(), expected), manager.create(input.taus()));
    }

    @Override public float[] processOutput(TranslatorContext ctx, NDList list) {
        NDArray frames = list.isEmpty() ? null : list.head();
        if (frames == null || !frames.getShape().equals(expected))
            throw new WrongShapeException("returned " + (frames == null ? "nothing" : frames.getShape()) + "; it must return " + expected);
        return frames.toType(DataType.FLOAT32, false).toFloatArray();
    }
}
