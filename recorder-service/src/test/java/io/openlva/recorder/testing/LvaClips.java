package io.openlva.recorder.testing;

import java.util.ArrayList;
import java.util.List;

import io.openlva.recorder.gate.GateSettings;

/**
 * The clips LVA's signal gate makes when every event arrives on time, taken in media order — written from LVA's
 * documented rule, independently of {@code SignalGate}: an event at t opens [t + offset, t + minimum); one at or
 * before the end pushes it to t + minimum, never past first + maximum.
 */
public final class LvaClips {

    /** A clip as asked: media times in microseconds, end exclusive. */
    public record Clip(long startUs, long endUs) {
    }

    private LvaClips() {
    }

    public static List<Clip> of(List<Long> eventTimesUs, GateSettings s) {
        long off = s.activationSignalOffset().toNanos() / 1000;
        long min = s.minimumActivationTime().toNanos() / 1000;
        long max = s.maximumActivationTime().toNanos() / 1000;
        List<Clip> out = new ArrayList<>();
        long first = 0;
        long end = Long.MIN_VALUE;
        for (long t : eventTimesUs.stream().sorted().toList()) {
            if (end != Long.MIN_VALUE && t <= end) {
                end = Math.min(Math.max(end, t + min), first + max);
                out.set(out.size() - 1, new Clip(out.get(out.size() - 1).startUs(), end));
            } else {
                first = t;
                end = t + min;
                out.add(new Clip(t + off, end));
            }
        }
        return out;
    }
}
