package io.openlva.recorder.gate;

/**
 * One activation of a gate: the media-time range a clip should cover. {@code endUs} grows while events
 * retrigger the gate; {@code startUs} can still move earlier while the clip is {@link State#PENDING}.
 */
public final class GateClip {

    public enum State {
        /** Opened by an event; waiting the evaluation window for earlier events before recording starts. */
        PENDING,
        /** Recording; the end can still be extended. */
        STARTED,
        /** The end is final. */
        CLOSED
    }

    private final long id;
    private long firstEventUs;
    private long startUs;
    private long endUs;
    private int events;
    private State state = State.PENDING;

    GateClip(long id, long firstEventUs, long startUs, long endUs) {
        this.id = id;
        this.firstEventUs = firstEventUs;
        this.startUs = startUs;
        this.endUs = endUs;
        this.events = 1;
    }

    public long id() {
        return id;
    }

    /** Media time of the earliest event of this activation. */
    public synchronized long firstEventUs() {
        return firstEventUs;
    }

    /** Media time the clip should start at (first event + signal offset). */
    public synchronized long startUs() {
        return startUs;
    }

    /** Media time the clip should end at (exclusive). */
    public synchronized long endUs() {
        return endUs;
    }

    public synchronized int events() {
        return events;
    }

    public synchronized State state() {
        return state;
    }

    public long lengthUs() {
        return endUs() - startUs();
    }

    synchronized void moveFirst(long firstEventUs, long startUs, long endUs) {
        this.firstEventUs = firstEventUs;
        this.startUs = startUs;
        this.endUs = endUs;
        this.events++;
    }

    synchronized void extendTo(long endUs) {
        this.endUs = endUs;
        this.events++;
    }

    synchronized void state(State state) {
        this.state = state;
    }

    @Override
    public synchronized String toString() {
        return "clip#" + id + "[" + startUs + ".." + endUs + " us, first event " + firstEventUs + ", " + events
                + " events, " + state + "]";
    }
}
