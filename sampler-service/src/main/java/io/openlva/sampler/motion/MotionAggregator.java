package io.openlva.sampler.motion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.openlva.graph.contract.Inferences.Box;

/**
 * LVA's {@code eventAggregationWindow}: with no window every frame with motion is one event; with a window,
 * the motion seen from the first moving frame until the window ends becomes one event (timestamped at that
 * first frame) whose regions are the union of what was seen, overlapping regions merged.
 */
public final class MotionAggregator {

    /** Regions kept in one aggregated event, so a busy window does not produce a huge event. */
    static final int MAX_REGIONS = 32;

    private final long windowUs;
    private long openedAtUs = Long.MIN_VALUE;
    private final List<Box> pending = new ArrayList<>();

    public MotionAggregator(long windowUs) {
        this.windowUs = Math.max(0, windowUs);
    }

    public record MotionEvent(long mediaTimeUs, List<Box> regions) {
    }

    /** Offers one analysed frame; returns the event to emit now, if any. */
    public List<MotionEvent> offer(long mediaTimeUs, List<Box> regions) {
        List<MotionEvent> out = new ArrayList<>(1);
        if (windowUs == 0) {
            if (!regions.isEmpty()) {
                out.add(new MotionEvent(mediaTimeUs, List.copyOf(regions)));
            }
            return out;
        }
        if (openedAtUs != Long.MIN_VALUE && (mediaTimeUs >= openedAtUs + windowUs || mediaTimeUs < openedAtUs)) {
            flush().ifPresent(out::add);
        }
        if (!regions.isEmpty()) {
            if (openedAtUs == Long.MIN_VALUE) {
                openedAtUs = mediaTimeUs;
            }
            regions.forEach(this::merge);
        }
        return out;
    }

    /** Emits what the open window holds (stream stopped or the node was removed). */
    public Optional<MotionEvent> flush() {
        if (openedAtUs == Long.MIN_VALUE) {
            return Optional.empty();
        }
        MotionEvent e = new MotionEvent(openedAtUs, List.copyOf(pending));
        openedAtUs = Long.MIN_VALUE;
        pending.clear();
        return Optional.of(e);
    }

    private void merge(Box b) {
        Box merged = b;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < pending.size(); i++) {
                Box p = pending.get(i);
                if (overlaps(p, merged)) {
                    merged = union(p, merged);
                    pending.remove(i);
                    changed = true;
                    break;
                }
            }
        }
        if (pending.size() < MAX_REGIONS) {
            pending.add(merged);
        }
    }

    static boolean overlaps(Box a, Box b) {
        return a.l() < b.l() + b.w() && b.l() < a.l() + a.w() && a.t() < b.t() + b.h() && b.t() < a.t() + a.h();
    }

    static Box union(Box a, Box b) {
        double l = Math.min(a.l(), b.l());
        double t = Math.min(a.t(), b.t());
        double r = Math.max(a.l() + a.w(), b.l() + b.w());
        double bt = Math.max(a.t() + a.h(), b.t() + b.h());
        return new Box(l, t, r - l, bt - t);
    }
}
