package io.inbetween.training.data;

/**
 * How a layer moves from time 0 to time 1: a similarity transform whose parameters change
 * linearly in time, so the pose at tau is the interpolated pose. Layer point (u, v) is at
 * <pre>  p(t) = (x + dx t, y + dy t) + e^(logScale + zoom t) * Rotation(angle + spin t) * (u, v)</pre>
 * in frame pixels (pixel centres at integers, y down).
 */
record Motion(double x, double y, double dx, double dy, double angle, double spin, double logScale, double zoom) {

    static Motion still(double x, double y) { return new Motion(x, y, 0, 0, 0, 0, 0, 0); }

    /** Which layer point is at frame pixel (px, py) at time t: {u, v}. */
    double[] layerPoint(double t, double px, double py) {
        double[] m = inverse(t);
        double rx = px - m[4], ry = py - m[5];
        return new double[] {m[0] * rx + m[1] * ry, m[2] * rx + m[3] * ry};
    }

    /** {a, b, c, d, originX, originY} with u = a*(px-originX) + b*(py-originY), v = c*(px-originX) + d*(py-originY). */
    double[] inverse(double t) {
        double s = Math.exp(logScale + zoom * t), a = angle + spin * t, cos = Math.cos(a) / s, sin = Math.sin(a) / s;
        return new double[] {cos, sin, -sin, cos, x + dx * t, y + dy * t};
    }

    /**
     * The layer points a {@code width}x{@code height} frame shows at some time in [0,1], as
     * {uMin, uMax, vMin, vMax}: the frame corners mapped back at nine times, which bounds the
     * swept area to well under a pixel for the rotations used here.
     */
    double[] seenBounds(int width, int height) {
        double[] b = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int step = 0; step <= 8; step++) {
            double t = step / 8.0;
            for (int corner = 0; corner < 4; corner++) {
                double[] uv = layerPoint(t, (corner & 1) == 0 ? -0.5 : width - 0.5, (corner & 2) == 0 ? -0.5 : height - 0.5);
                b[0] = Math.min(b[0], uv[0]); b[1] = Math.max(b[1], uv[0]);
                b[2] = Math.min(b[2], uv[1]); b[3] = Math.max(b[3], uv[1]);
            }
        }
        return b;
    }

    double scale(double t) { return Math.exp(logScale + zoom * t); }

    /** How far the layer's origin travels from time 0 to time 1, in frame pixels. */
    double travel() { return Math.hypot(dx, dy); }
}
