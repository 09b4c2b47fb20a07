package io.inbetween.training.data;

/**
 * One layer of a synthetic scene: a texture seen through a mask, moving with {@code motion}.
 * Layer point (u, v) shows texture pixel (textureX + u, textureY + v). The background has no mask.
 *
 * @param gainChange the layer's colours are multiplied by 1 + gainChange * t (it moves into light or shade)
 */
record Layer(Texture texture, double textureX, double textureY, LayerMask mask, Motion motion, double gainChange) {}
