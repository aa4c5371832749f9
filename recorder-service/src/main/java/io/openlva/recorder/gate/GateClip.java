package io.openlva.recorder.gate;

/**
 * One activation of a gate: the media-time range a clip should cover. {@code endUs} grows while events
 * retrigger the gate (never past {@link #capUs()}); {@code startUs} can still move earlier while the clip is
 * {@link State#PENDING}. A continuation carries on a clip already closed, from its end, because an event
 * arrived later than the gate waited for it (see {@link SignalGate}).
 */
public final class GateClip {

    public enum State {
        /** Opened by an event; waiting for earlier (late or out-of-order) events before recording starts. */
        PENDING,
        /** Recording; the end can still be extended. */
        STARTED,
        /** The end is final. */
        CLOSED
    }

    private final long id;
    private final boolean continuation;
    private long firstEventUs;
    private long startUs;
    private long endUs;
    private long capUs;
    private int events;
    private State state = State.PENDING;

    GateClip(long id, long firstEventUs, long startUs, long endUs, long capUs, boolean continuation) {
        this.id = id;
        this.firstEventUs = firstEventUs;
        this.startUs = startUs;
        this.endUs = endUs;
        this.capUs = capUs;
        this.continuation = continuation;
        this.events = 1;
    }

    public long id() {
        return id;
    }

    /** Media time of the earliest event of this activation (of the clip it continues, for a continuation). */
    public synchronized long firstEventUs() {
        return firstEventUs;
    }

    /** Media time the clip should start at (first event + signal offset; the continued clip's end). */
    public synchronized long startUs() {
        return startUs;
    }

    /** Media time the clip should end at (exclusive). */
    public synchronized long endUs() {
        return endUs;
    }

    /** The end can never pass this: first event + maximumActivationTime. */
    public synchronized long capUs() {
        return capUs;
    }

    public synchronized int events() {
        return events;
    }

    public synchronized State state() {
        return state;
    }

    /** True for a clip that carries on one already closed, from its end. */
    public boolean continuation() {
        return continuation;
    }

    public long lengthUs() {
        return endUs() - startUs();
    }

    synchronized boolean contains(long t) {
        return t >= firstEventUs && t <= endUs;
    }

    synchronized void moveFirst(long firstEventUs, long startUs, long endUs, long capUs) {
        this.firstEventUs = firstEventUs;
        this.startUs = startUs;
        this.endUs = endUs;
        this.capUs = capUs;
        this.events++;
    }

    synchronized void extendTo(long endUs) {
        this.endUs = endUs;
        this.events++;
    }

    /** A later pending clip turned out to be part of this activation. */
    synchronized void absorb(GateClip later, long endUs) {
        this.endUs = endUs;
        this.events += later.events();
    }

    synchronized void state(State state) {
        this.state = state;
    }

    @Override
    public synchronized String toString() {
        return "clip#" + id + "[" + startUs + ".." + endUs + " us, first event " + firstEventUs + ", " + events
                + " events, " + state + (continuation ? ", continuation" : "") + "]";
    }
}
