package io.openlva.recorder.gate;

import java.time.Duration;
import java.util.Objects;

/**
 * A SignalGateProcessor's four timings, with LVA's allowed ranges: evaluation window 0–10 s, signal offset
 * −1 min … +1 min (negative = pre-roll), minimum and maximum activation time 1 s – 1 h.
 */
public record GateSettings(Duration activationEvaluationWindow, Duration activationSignalOffset,
        Duration minimumActivationTime, Duration maximumActivationTime) {

    /** LVA's defaults for properties a topology leaves out. */
    public static final GateSettings LVA_DEFAULTS = new GateSettings(Duration.ofSeconds(1), Duration.ZERO,
            Duration.ofSeconds(1), Duration.ofSeconds(1));

    public GateSettings {
        Objects.requireNonNull(activationEvaluationWindow, "activationEvaluationWindow");
        Objects.requireNonNull(activationSignalOffset, "activationSignalOffset");
        Objects.requireNonNull(minimumActivationTime, "minimumActivationTime");
        Objects.requireNonNull(maximumActivationTime, "maximumActivationTime");
        requireRange("activationEvaluationWindow", activationEvaluationWindow, Duration.ZERO, Duration.ofSeconds(10));
        requireRange("activationSignalOffset", activationSignalOffset, Duration.ofMinutes(-1), Duration.ofMinutes(1));
        requireRange("minimumActivationTime", minimumActivationTime, Duration.ofSeconds(1), Duration.ofHours(1));
        requireRange("maximumActivationTime", maximumActivationTime, Duration.ofSeconds(1), Duration.ofHours(1));
        if (maximumActivationTime.compareTo(minimumActivationTime) < 0) {
            throw new IllegalArgumentException("maximumActivationTime (" + maximumActivationTime
                    + ") is shorter than minimumActivationTime (" + minimumActivationTime + ")");
        }
    }

    public static GateSettings of(Duration window, Duration offset, Duration minimum, Duration maximum) {
        return new GateSettings(window != null ? window : LVA_DEFAULTS.activationEvaluationWindow,
                offset != null ? offset : LVA_DEFAULTS.activationSignalOffset,
                minimum != null ? minimum : LVA_DEFAULTS.minimumActivationTime,
                maximum != null ? maximum : LVA_DEFAULTS.maximumActivationTime);
    }

    public long windowUs() {
        return micros(activationEvaluationWindow);
    }

    long offsetUs() {
        return micros(activationSignalOffset);
    }

    long minimumUs() {
        return micros(minimumActivationTime);
    }

    long maximumUs() {
        return micros(maximumActivationTime);
    }

    static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    private static void requireRange(String name, Duration d, Duration min, Duration max) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " " + d + " is outside " + min + " … " + max);
        }
    }
}
