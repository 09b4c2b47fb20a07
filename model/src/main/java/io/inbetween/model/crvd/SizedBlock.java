package io.inbetween.model.crvd;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * A block whose parameter shapes follow from its constructor arguments alone, never from the
 * frame size: the network is fully convolutional, so it is initialized once and then runs on
 * frames of any size.
 */
abstract class SizedBlock extends AbstractBlock {

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : children.values()) child.initialize(manager, dataType, new Shape(1, 1, 1, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " output shapes depend on the frame size; run it instead");
    }
}
