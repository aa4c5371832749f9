package io.openlva.sampler.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * Warnings about bad input, at most one line per key (a stream, a node) and period: a broken camera or a
 * stale graph must not flood the log, and the line says how many were held back since the last one. The
 * counting itself is the metrics' job. Not thread-safe: one per consumer thread.
 */
public final class ThrottledLog {

    public static final long PERIOD_NANOS = 60_000_000_000L;
    /** Keys remembered at most (they come from Kafka record keys, which a bad producer could vary). */
    private static final int MAX_KEYS = 10_000;

    private final Logger log;
    private final long periodNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> entries = new HashMap<>();

    private static final class Entry {
        long lastNanos;
        long heldBack;
    }

    public ThrottledLog(Logger log) {
        this(log, PERIOD_NANOS, System::nanoTime);
    }

    ThrottledLog(Logger log, long periodNanos, LongSupplier nanoClock) {
        this.log = log;
        this.periodNanos = periodNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * Logs {@code message} (a format with {@code args}) as a warning about {@code key} unless one was logged
     * for it within the period; returns whether it was.
     */
    public boolean warn(String key, Throwable cause, String format, Object... args) {
        long now = nanoClock.getAsLong();
        Entry e = entries.get(key);
        if (e != null && now - e.lastNanos < periodNanos) {
            e.heldBack++;
            return false;
        }
        if (e == null) {
            if (entries.size() >= MAX_KEYS) {
                entries.clear();
            }
            e = new Entry();
            entries.put(key, e);
        }
        String message = String.format(format, args);
        if (e.heldBack > 0) {
            message += " (" + e.heldBack + " more since the last line about it)";
        }
        log.warn(message, cause);
        e.lastNanos = now;
        e.heldBack = 0;
        return true;
    }

    public boolean warn(String key, String format, Object... args) {
        return warn(key, null, format, args);
    }
}
