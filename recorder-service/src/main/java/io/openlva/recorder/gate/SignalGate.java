package io.openlva.recorder.gate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * LVA's SignalGateProcessor as a pure state machine over media time (microseconds).
 *
 * <p>An event at media time t opens the gate: the clip covers [t + activationSignalOffset, t + minimumActivationTime).
 * An event while the gate is open pushes the end to t + minimumActivationTime, never past first event +
 * maximumActivationTime. Events are taken by media time, in any arrival order. The media clock (the newest packet
 * time seen) decides when: recording starts once the clock is a wait past the first event (so an earlier event may
 * still arrive and move the start) and past the start; the clip closes once the clock is a wait past its end (a
 * retrigger may still arrive). Events may come before their packets.
 *
 * <p>The wait is activationEvaluationWindow while events come within it. An event that arrives later (its media
 * time is more than the window behind the live media when it was emitted) is, under {@link LateEventPolicy.Mode#DROP},
 * dropped as LVA did; under {@link LateEventPolicy.Mode#RECORD} it counts like any other, and the gate waits the
 * largest delay seen over the last {@link #DELAY_MEMORY_US} plus the window (at most the policy's maxWait), so that
 * events that keep coming that late still give the clips on-time events would give. An event later than even that
 * still counts: inside a clip already closed it either changes nothing or opens a continuation from that clip's end
 * (up to the clip's maximum); elsewhere it opens its own clip, as an event after the gate closed does in LVA.
 */
public final class SignalGate {

    /** Delays of events are remembered this long (media time) for the wait. */
    public static final long DELAY_MEMORY_US = 300_000_000L;
    private static final int MAX_REMEMBERED_CLIPS = 10_000;

    public enum Outcome {
        /** The event opened a new clip. */
        OPENED,
        /** The event pushed the end of an open clip later. */
        EXTENDED,
        /** The event was inside a clip already saturated at maximumActivationTime (or already covered). */
        COVERED,
        /** The event came before the first event of a pending clip, close enough to move its start earlier. */
        MOVED_EARLIER,
        /** The event would have extended a clip already closed: a continuation from its end was opened. */
        CONTINUED,
        /** The event is older than the evaluation window allows and the policy is LVA's: dropped. */
        DROPPED_LATE
    }

    /** What {@link #advance} asks the caller to do, in order. */
    public record Transition(Kind kind, GateClip clip) {
        public enum Kind { START, CLOSE, DISCARD }
    }

    private final GateSettings settings;
    private final LateEventPolicy policy;
    /** Pending and recording clips, by first event. */
    private final List<GateClip> clips = new ArrayList<>();
    /** Closed clips, oldest first, for late events. */
    private final ArrayDeque<GateClip> closed = new ArrayDeque<>();
    /** {arrival, delay} of recent events, delays decreasing from the head: the head is the largest. */
    private final ArrayDeque<long[]> delays = new ArrayDeque<>();
    private long clockUs = Long.MIN_VALUE;
    private long nextId = 1;

    /** A gate with LVA's rule for late events. */
    public SignalGate(GateSettings settings) {
        this(settings, LateEventPolicy.LVA);
    }

    public SignalGate(GateSettings settings, LateEventPolicy policy) {
        this.settings = settings;
        this.policy = policy;
    }

    public GateSettings settings() {
        return settings;
    }

    public LateEventPolicy policy() {
        return policy;
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

    /**
     * How far behind the media clock the gate decides: the evaluation window, or for late events the largest
     * recent delay plus the window (at most the policy's maxWait).
     */
    public long waitUs() {
        long window = settings.windowUs();
        if (!policy.recordsLateEvents() || delays.isEmpty()) {
            return window;
        }
        long delay = delays.peekFirst()[1];
        if (delay <= window) {
            return window;
        }
        return Math.max(window, Math.min(plus(delay, window), policy.maxWaitUs()));
    }

    /** An event from one of the gate's inputs at media time {@code t}, arriving when the media clock is. */
    public Outcome onEvent(long t) {
        return onEvent(t, clockUs);
    }

    /**
     * An event at media time {@code t} that arrived when the live media was at {@code arrivalMediaUs}
     * ({@link Long#MIN_VALUE}: unknown). Judging lateness by arrival rather than by how far the packet reader has
     * got keeps the gate's decisions the same when a restarted recorder replays packets and events from Kafka.
     */
    public Outcome onEvent(long t, long arrivalMediaUs) {
        if (arrivalMediaUs != Long.MIN_VALUE) {
            if (isLate(t, arrivalMediaUs) && !policy.recordsLateEvents()) {
                return Outcome.DROPPED_LATE;
            }
            rememberDelay(arrivalMediaUs, arrivalMediaUs - t);
        }
        for (GateClip c : clips) {
            if (c.contains(t)) {
                return extend(c, t);
            }
        }
        for (Iterator<GateClip> it = closed.descendingIterator(); it.hasNext();) {
            GateClip c = it.next();
            if (c.contains(t)) {
                long newEnd = Math.min(Math.max(c.endUs(), plus(t, settings.minimumUs())), c.capUs());
                if (newEnd <= c.endUs()) {
                    return Outcome.COVERED;
                }
                insert(new GateClip(nextId++, c.firstEventUs(), c.endUs(), newEnd, c.capUs(), true));
                return Outcome.CONTINUED;
            }
        }
        GateClip next = null;
        for (GateClip c : clips) {
            if (c.firstEventUs() > t) {
                next = c;
                break;
            }
        }
        // in media order, t's clip would reach the next one's first event: one activation, not two
        if (next != null && next.state() == GateClip.State.PENDING && !next.continuation()
                && plus(t, settings.minimumUs()) >= next.firstEventUs()) {
            long cap = plus(t, settings.maximumUs());
            long newEnd = Math.min(Math.max(next.endUs(), plus(t, settings.minimumUs())), cap);
            next.moveFirst(t, plus(t, settings.offsetUs()), newEnd, cap);
            return Outcome.MOVED_EARLIER;
        }
        insert(new GateClip(nextId++, t, plus(t, settings.offsetUs()), plus(t, settings.minimumUs()),
                plus(t, settings.maximumUs()), false));
        return Outcome.OPENED;
    }

    /** True when {@code t} is more than the evaluation window behind the live media it arrived at. */
    public boolean isLate(long t, long arrivalMediaUs) {
        return arrivalMediaUs != Long.MIN_VALUE && t < plus(arrivalMediaUs, -settings.windowUs());
    }

    private Outcome extend(GateClip c, long t) {
        long newEnd = Math.min(Math.max(c.endUs(), plus(t, settings.minimumUs())), c.capUs());
        if (newEnd <= c.endUs()) {
            c.extendTo(c.endUs());
            return Outcome.COVERED;
        }
        c.extendTo(newEnd);
        // an out-of-order event can make the clip reach the next one's first event: in media order that is one
        // activation, so a clip still pending joins this one
        int i = clips.indexOf(c) + 1;
        while (i < clips.size()) {
            GateClip n = clips.get(i);
            if (n.firstEventUs() > c.endUs() || n.state() != GateClip.State.PENDING || n.continuation()) {
                break;
            }
            c.absorb(n, Math.min(Math.max(c.endUs(), n.endUs()), c.capUs()));
            clips.remove(i);
        }
        return Outcome.EXTENDED;
    }

    private void insert(GateClip clip) {
        int at = clips.size();
        while (at > 0 && clips.get(at - 1).firstEventUs() > clip.firstEventUs()) {
            at--;
        }
        clips.add(at, clip);
    }

    private void rememberDelay(long arrivalUs, long delayUs) {
        if (!policy.recordsLateEvents() || delayUs <= 0) {
            return;
        }
        while (!delays.isEmpty() && delays.peekLast()[1] <= delayUs) {
            delays.pollLast();
        }
        delays.addLast(new long[] {arrivalUs, delayUs});
        forgetDelays();
    }

    private void forgetDelays() {
        long newest = delays.isEmpty() ? Long.MIN_VALUE : Math.max(clockUs, delays.peekLast()[0]);
        while (!delays.isEmpty() && delays.peekFirst()[0] < plus(newest, -DELAY_MEMORY_US)) {
            delays.pollFirst();
        }
    }

    /** The media clock moved to {@code nowUs} (a packet arrived): returns the clips to start and to close. */
    public List<Transition> advance(long nowUs) {
        clockUs = Math.max(clockUs, nowUs);
        forgetDelays();
        long wait = waitUs();
        List<Transition> out = new ArrayList<>();
        for (Iterator<GateClip> it = clips.iterator(); it.hasNext();) {
            GateClip c = it.next();
            if (c.state() == GateClip.State.PENDING && clockUs >= plus(c.firstEventUs(), wait) && clockUs > c.startUs()) {
                c.state(GateClip.State.STARTED);
                out.add(new Transition(Transition.Kind.START, c));
            }
            if (c.state() == GateClip.State.STARTED && clockUs >= plus(c.endUs(), wait)) {
                c.state(GateClip.State.CLOSED);
                out.add(new Transition(Transition.Kind.CLOSE, c));
                it.remove();
                remember(c);
            }
        }
        long horizon = plus(clockUs, -policy.historyUs());
        while (!closed.isEmpty() && (closed.peekFirst().endUs() < horizon || closed.size() > MAX_REMEMBERED_CLIPS)) {
            closed.pollFirst();
        }
        return out;
    }

    private void remember(GateClip c) {
        if (policy.recordsLateEvents()) {
            closed.addLast(c);
        }
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
            remember(c);
        }
        clips.clear();
        return out;
    }

    /** {@code a + b}, saturating: media times from a broken event must not wrap around. */
    static long plus(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
