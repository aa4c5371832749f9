package io.openlva.ingest.rtsp;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential reconnect delay with jitter: initial, doubling up to a maximum, each delay spread by
 * {@code ±jitter} so that many cameras lost at once do not reconnect in lock-step. Not thread-safe.
 */
public final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private final double jitter;
    private final DoubleSupplier random;
    private int attempt;

    public Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.jitter = jitter;
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failed attempt. */
    public Duration next() {
        double base = Math.min((double) maxMs, initialMs * Math.pow(2, Math.min(attempt, 30)));
        attempt++;
        double spread = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(Math.min(maxMs, base * spread))));
    }

    /** Consecutive failed attempts so far. */
    public int attempts() {
        return attempt;
    }

    /** After a session that delivered media: the next failure starts again from the initial delay. */
    public void reset() {
        attempt = 0;
    }
}
