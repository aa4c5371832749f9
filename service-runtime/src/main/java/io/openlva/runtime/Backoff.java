package io.openlva.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential delay with jitter: initial, doubling up to a maximum, each delay spread by {@code ±jitter} so that
 * many clients failing at once do not retry in lock-step. {@link #standard()} is the one retry policy of the
 * services' start-up and consumer loops. Not thread-safe.
 */
public final class Backoff {

    /** The services' retry policy: 1 s doubling to 30 s, ±20 %. */
    public static final Duration INITIAL = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofSeconds(30);
    public static final double JITTER = 0.2;

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

    public Backoff(Duration initial, Duration max, double jitter) {
        this(initial, max, jitter, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** 1 s doubling to 30 s, ±20 %. */
    public static Backoff standard() {
        return new Backoff(INITIAL, MAX, JITTER);
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

    /** After a success: the next failure starts again from the initial delay. */
    public void reset() {
        attempt = 0;
    }

    /**
     * Sleeps; false when interrupted (the interrupt flag is set again, so the caller's loop ends). The one sleep
     * of the services' retry loops.
     */
    public static boolean pause(Duration d) {
        try {
            Thread.sleep(Math.max(0, d.toMillis()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
