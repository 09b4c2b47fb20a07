package io.inbetween.model.crvd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Backward warping, out(x, y) = image(x + u(x, y), y + v(x, y)), sampled bilinearly with the
 * border replicated. DJL has no grid_sample, so the four neighbours are gathered by flat index;
 * the interpolation weights are differentiable, which is how the gradient reaches the flow.
 */
public final class BilinearWarp {
    private BilinearWarp() {}

    /**
     * @param image NCHW
     * @param flow  N2HW displacement in pixels of this resolution: channel 0 is x (right), channel 1 is y (down)
     */
    public static NDArray warp(NDArray image, NDArray flow) {
        Shape s = image.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        Shape fs = flow.getShape();
        if (fs.get(0) != n || fs.get(1) != 2 || fs.get(2) != h || fs.get(3) != w)
            throw new IllegalArgumentException("flow " + fs + " does not match image " + s);
        NDManager m = image.getManager();
        NDArray x = flow.get(":, 0:1").add(m.arange(0f, (float) w, 1f).reshape(1, 1, 1, w));
        NDArray y = flow.get(":, 1:2").add(m.arange(0f, (float) h, 1f).reshape(1, 1, h, 1));
        NDArray x0 = x.floor().stopGradient();
        NDArray y0 = y.floor().stopGradient();
        NDArray wx = x.sub(x0).reshape(n, 1, h * w);
        NDArray wy = y.sub(y0).reshape(n, 1, h * w);
        NDArray col0 = x0.clip(0, w - 1).toType(DataType.INT64, false);
        NDArray col1 = x0.add(1).clip(0, w - 1).toType(DataType.INT64, false);
        NDArray row0 = y0.clip(0, h - 1).toType(DataType.INT64, false).muli(w);
        NDArray row1 = y0.add(1).clip(0, h - 1).toType(DataType.INT64, false).muli(w);
        NDArray flat = image.reshape(n, c, h * w);
        Shape gathered = new Shape(n, c, h * w);
        NDArray v00 = flat.gather(row0.add(col0).reshape(n, 1, h * w).broadcast(gathered), 2);
        NDArray v01 = flat.gather(row0.add(col1).reshape(n, 1, h * w).broadcast(gathered), 2);
        NDArray v10 = flat.gather(row1.add(col0).reshape(n, 1, h * w).broadcast(gathered), 2);
        NDArray v11 = flat.gather(row1.add(col1).reshape(n, 1, h * w).broadcast(gathered), 2);
        NDArray top = v01.sub(v00).mul(wx).add(v00);
        NDArray bottom = v11.sub(v10).mul(wx).add(v10);
        return bottom.sub(top).mul(wy).add(top).reshape(n, c, h, w);
    }
}
