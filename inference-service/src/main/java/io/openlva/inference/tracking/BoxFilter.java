package io.openlva.inference.tracking;

/**
 * A tracked box's constant-velocity Kalman filter over its centre, width and height (normalized to the frame),
 * each with its velocity, as SORT's motion model. With a diagonal process and measurement noise the filter splits
 * exactly into one two-state filter (position, velocity) per coordinate, which is what this keeps: no matrix
 * library needed. Time steps are the media time between frames, so a skipped frame is a longer step, not a lost one.
 */
final class BoxFilter {

    /** Measurement noise: a detector's box edges jitter by this share of the box's height. */
    private static final double MEASUREMENT = 0.1;
    /** Process noise: acceleration, in box heights per second squared (people start, stop and turn). */
    private static final double ACCELERATION = 1.0;
    /** Initial velocity uncertainty, in box heights per second. */
    private static final double INITIAL_SPEED = 2.0;

    /** [coordinate] = centre x, centre y, width, height. */
    private final double[] p = new double[4];
    private final double[] v = new double[4];
    private final double[] p00 = new double[4];
    private final double[] p01 = new double[4];
    private final double[] p11 = new double[4];

    BoxFilter(double cx, double cy, double w, double h) {
        double[] z = { cx, cy, w, h };
        double r = sq(MEASUREMENT * h);
        for (int i = 0; i < 4; i++) {
            p[i] = z[i];
            p00[i] = r;
            p11[i] = sq(INITIAL_SPEED * h);
        }
    }

    /** Moves the state {@code dt} seconds on. */
    void predict(double dt) {
        if (dt <= 0) {
            return;
        }
        double q = sq(ACCELERATION * Math.max(p[3], 0.01));
        for (int i = 0; i < 4; i++) {
            p[i] += v[i] * dt;
            // F P F' + Q, F = [[1, dt], [0, 1]], Q = q [[dt^3/3, dt^2/2], [dt^2/2, dt]]
            double a = p00[i] + 2 * dt * p01[i] + dt * dt * p11[i] + q * dt * dt * dt / 3;
            double b = p01[i] + dt * p11[i] + q * dt * dt / 2;
            double c = p11[i] + q * dt;
            p00[i] = a;
            p01[i] = b;
            p11[i] = c;
        }
        p[2] = Math.max(p[2], 1e-4);
        p[3] = Math.max(p[3], 1e-4);
    }

    /** Corrects the state with a detected box. */
    void update(double cx, double cy, double w, double h) {
        double[] z = { cx, cy, w, h };
        double r = sq(MEASUREMENT * h);
        for (int i = 0; i < 4; i++) {
            double s = p00[i] + r;
            double k0 = p00[i] / s;
            double k1 = p01[i] / s;
            double y = z[i] - p[i];
            p[i] += k0 * y;
            v[i] += k1 * y;
            double a = (1 - k0) * p00[i];
            double b = (1 - k0) * p01[i];
            double c = p11[i] - k1 * p01[i];
            p00[i] = a;
            p01[i] = b;
            p11[i] = c;
        }
    }

    double cx() {
        return p[0];
    }

    double cy() {
        return p[1];
    }

    double w() {
        return p[2];
    }

    double h() {
        return p[3];
    }

    private static double sq(double x) {
        return x * x;
    }
}
