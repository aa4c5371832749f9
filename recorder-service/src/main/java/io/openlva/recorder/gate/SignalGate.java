package io.openlva.recorder.gate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * LVA's SignalGateProcessor as a pure state machine over media time (microseconds).
 *
 * <p>An event at media time t opens the gate: the clip covers [t + activationSignalOffset, t + minimumActivationTime).
 * An event while the gate is open pushes the end to t + minimumActivationTime, never past first event +
 * maximumActivationTime. The media clock (the newest packet time seen) decides everything else: an event older
 * than clock − activationEvaluationWindow is late and dropped; recording starts once the clock is a window past
 * the first event (so an earlier event may still arrive and move the start) and past the start; the clip closes
 * once the clock is a window past its end (a retrigger may still arrive). Events may come before their packets.
 * A caller that knows when an event arrived passes the live media time of that moment instead (see
 * {@link #onEvent(long, long)}).
 */
public final class SignalGate {

    public enum Outcome {
        /** The event opened a new clip. */
        OPENED,
        /** The event pushed the end of the open clip later. */
        EXTENDED,
        /** The event was inside an open clip already saturated at maximumActivationTime (or already covered). */
        COVERED,
        /** The event came before the first event of a pending clip and moved its start earlier. */
        MOVED_EARLIER,
        /** The event is older than the evaluation window allows: dropped. */
        DROPPED_LATE
    }

    /** What {@link #advance} asks the caller to do, in order. */
    public record Transition(Kind kind, GateClip clip) {
        public enum Kind { START, CLOSE, DISCARD }
    }

    private final GateSettings settings;
    private final List<GateClip> clips = new ArrayList<>();
    private long clockUs = Long.MIN_VALUE;
    private long nextId = 1;

    public SignalGate(GateSettings settings) {
        this.settings = settings;
    }

    public GateSettings settings() {
        return settings;
    }

    /** The newest media time seen, or {@link Long#MIN_VALUE} before the first packet. */
    public long clockUs() {
        return clockUs;
    }

    /** Clips opened and not yet closed (pending or recording). */
    public List<GateClip> openClips() {
        return List.copyOf(clips);
    }

    public boolean isOpen() {
        return !clips.isEmpty();
    }

    /** An event from one of the gate's inputs, at media time {@code t}, judged late against the media clock. */
    public Outcome onEvent(long t) {
        return onEvent(t, clockUs);
    }

    /**
     * An event at media time {@code t} that arrived when the live media was at {@code arrivalMediaUs}
     * ({@link Long#MIN_VALUE}: unknown). Judging lateness by arrival rather than by how far the packet reader has
     * got keeps the gate's decisions the same when a restarted recorder replays packets and events from Kafka.
     */
    public Outcome onEvent(long t, long arrivalMediaUs) {
        if (arrivalMediaUs != Long.MIN_VALUE && t < arrivalMediaUs - settings.windowUs()) {
            return Outcome.DROPPED_LATE;
        }
        for (GateClip c : clips) {
            if (t >= c.firstEventUs() && t <= c.endUs()) {
                long cap = c.firstEventUs() + settings.maximumUs();
                long newEnd = Math.min(Math.max(c.endUs(), t + settings.minimumUs()), cap);
                if (newEnd > c.endUs()) {
                    c.extendTo(newEnd);
                    return Outcome.EXTENDED;
                }
                c.extendTo(c.endUs());
                return Outcome.COVERED;
            }
        }
        GateClip last = clips.isEmpty() ? null : clips.get(clips.size() - 1);
        if (last != null && last.state() == GateClip.State.PENDING && t < last.firstEventUs()
                && (clips.size() == 1 || t > clips.get(clips.size() - 2).endUs())) {
            long newEnd = Math.min(Math.max(last.endUs(), t + settings.minimumUs()), t + settings.maximumUs());
            last.moveFirst(t, t + settings.offsetUs(), newEnd);
            return Outcome.MOVED_EARLIER;
        }
        GateClip opened = new GateClip(nextId++, t, t + settings.offsetUs(), t + settings.minimumUs());
        int at = clips.size();
        while (at > 0 && clips.get(at - 1).firstEventUs() > t) {
            at--;
        }
        clips.add(at, opened);
        return Outcome.OPENED;
    }

    /** The media clock moved to {@code nowUs} (a packet arrived): returns the clips to start and to close. */
    public List<Transition> advance(long nowUs) {
        clockUs = Math.max(clockUs, nowUs);
        List<Transition> out = new ArrayList<>();
        for (Iterator<GateClip> it = clips.iterator(); it.hasNext();) {
            GateClip c = it.next();
            if (c.state() == GateClip.State.PENDING && clockUs >= c.firstEventUs() + settings.windowUs()
                    && clockUs > c.startUs()) {
                c.state(GateClip.State.STARTED);
                out.add(new Transition(Transition.Kind.START, c));
            }
            if (c.state() == GateClip.State.STARTED && clockUs >= c.endUs() + settings.windowUs()) {
                c.state(GateClip.State.CLOSED);
                out.add(new Transition(Transition.Kind.CLOSE, c));
                it.remove();
            }
        }
        return out;
    }

    /**
     * The stream stopped or the instance is deactivating: close what is recording now, and start-then-close
     * pending clips whose start the media already passed (their packets are in Kafka); discard the rest.
     */
    public List<Transition> closeAll() {
        List<Transition> out = new ArrayList<>();
        for (GateClip c : clips) {
            if (c.state() == GateClip.State.PENDING) {
                if (clockUs != Long.MIN_VALUE && clockUs > c.startUs()) {
                    c.state(GateClip.State.STARTED);
                    out.add(new Transition(Transition.Kind.START, c));
                } else {
                    c.state(GateClip.State.CLOSED);
                    out.add(new Transition(Transition.Kind.DISCARD, c));
                    continue;
                }
            }
            c.state(GateClip.State.CLOSED);
            out.add(new Transition(Transition.Kind.CLOSE, c));
        }
        clips.clear();
        return out;
    }
}
