package io.openlva.recorder.gate;

import java.time.Duration;
import java.util.Objects;

/**
 * What a gate does with an event that arrives after its {@code activationEvaluationWindow} (slow inference,
 * events out of order).
 *
 * @param mode {@link Mode#RECORD}: the event still opens or extends the gate at its media time, the clip is cut
 *        from the packets kept in Kafka; {@link Mode#DROP}: LVA's rule, the event is dropped
 * @param maxWait how long, at most, a gate holds its decisions (start, close) back for events as late as the
 *        ones it has seen (it waits the largest recent delay plus the window, up to this)
 * @param history how long closed clips are remembered, so a late event inside one does not record it twice
 *        (the retention of the packets topic: older events are dropped anyway)
 */
public record LateEventPolicy(Mode mode, Duration maxWait, Duration history) {

    public enum Mode {
        RECORD, DROP
    }

    /** LVA's behaviour: late events are dropped, decisions wait the evaluation window only. */
    public static final LateEventPolicy LVA = new LateEventPolicy(Mode.DROP, Duration.ZERO, Duration.ofMinutes(10));

    /** OpenLVA's default. */
    public static final LateEventPolicy DEFAULT = new LateEventPolicy(Mode.RECORD, Duration.ofMinutes(1),
            Duration.ofMinutes(10));

    public LateEventPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(history, "history");
        if (maxWait.isNegative() || history.isNegative()) {
            throw new IllegalArgumentException("maxWait and history must not be negative");
        }
    }

    public boolean recordsLateEvents() {
        return mode == Mode.RECORD;
    }

    long maxWaitUs() {
        return GateSettings.micros(maxWait);
    }

    long historyUs() {
        return GateSettings.micros(history);
    }
}
