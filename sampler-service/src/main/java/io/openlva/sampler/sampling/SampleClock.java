package io.openlva.sampler.sampling;

/**
 * Rate limit on media time: accepts at most {@code maximumPerSecond} samples per second, evenly spaced.
 * Decides on the samples' media timestamps, never on the wall clock, so a replayed or late stream samples
 * the same frames. The schedule advances by whole intervals from the first accepted sample so rounding does
 * not drift; a gap or a jump in time restarts it.
 */
public final class SampleClock {

    /**
     * A timestamp may come this fraction of an interval early (at most {@link #MAX_JITTER_US}) and still be
     * taken: camera clock jitter. Kept below half a frame so it never picks the frame before the due one.
     */
    private static final double JITTER_FRACTION = 0.05;
    private static final long MAX_JITTER_US = 10_000;

    private final long intervalUs;
    private final long toleranceUs;
    private long nextDueUs = Long.MIN_VALUE;
    private long lastUs = Long.MIN_VALUE;

    public SampleClock(double maximumPerSecond) {
        if (!(maximumPerSecond > 0) || Double.isInfinite(maximumPerSecond)) {
            throw new IllegalArgumentException("maximum samples per second must be > 0: " + maximumPerSecond);
        }
        this.intervalUs = Math.max(1, Math.round(1_000_000d / maximumPerSecond));
        this.toleranceUs = Math.min(MAX_JITTER_US, Math.round(intervalUs * JITTER_FRACTION));
    }

    public long intervalUs() {
        return intervalUs;
    }

    /** Whether the sample at {@code mediaTimeUs} is taken; when it is, the schedule moves on. */
    public boolean accept(long mediaTimeUs) {
        if (lastUs != Long.MIN_VALUE && mediaTimeUs < lastUs - intervalUs) {
            reset(); // time went backwards by more than an interval: a new session or a rewound source
        }
        if (nextDueUs != Long.MIN_VALUE && mediaTimeUs < nextDueUs - toleranceUs) {
            return false;
        }
        lastUs = mediaTimeUs;
        if (nextDueUs == Long.MIN_VALUE) {
            nextDueUs = mediaTimeUs + intervalUs;
        } else {
            nextDueUs += intervalUs;
            if (nextDueUs - toleranceUs <= mediaTimeUs) {
                nextDueUs = mediaTimeUs + intervalUs; // a gap in the stream: start a new schedule here
            }
        }
        return true;
    }

    /**
     * The earliest media time a sample could be taken at, for skipping decode work;
     * {@link Long#MIN_VALUE} when the next sample is due now.
     */
    public long earliestNextUs() {
        return nextDueUs == Long.MIN_VALUE ? Long.MIN_VALUE : nextDueUs - toleranceUs;
    }

    public void reset() {
        nextDueUs = Long.MIN_VALUE;
        lastUs = Long.MIN_VALUE;
    }
}
