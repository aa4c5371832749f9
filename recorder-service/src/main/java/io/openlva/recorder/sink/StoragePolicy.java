package io.openlva.recorder.sink;

import java.time.Duration;

/**
 * What a sink does when storage fails (disk full, read-only, removed volume): close the file, report StorageError,
 * drop and count packets until {@code retryFirst} (doubling up to {@code retryMax}) has passed, then start a new file.
 * No file is started while the volume has less than {@code minimumFreeBytes} free, so the last bytes of a shared
 * disk are not taken by recordings.
 */
public record StoragePolicy(long minimumFreeBytes, Duration retryFirst, Duration retryMax) {

    public static final StoragePolicy DEFAULT = new StoragePolicy(64L * 1024 * 1024, Duration.ofSeconds(2),
            Duration.ofSeconds(60));

    public StoragePolicy {
        if (minimumFreeBytes < 0) {
            throw new IllegalArgumentException("minimumFreeBytes must be >= 0");
        }
    }

    /** The wait before attempt {@code failures} (1 = after the first failure). */
    public Duration retryAfter(int failures) {
        long ms = retryFirst.toMillis();
        for (int i = 1; i < failures && ms < retryMax.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, retryMax.toMillis()));
    }
}
