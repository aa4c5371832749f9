package io.openlva.inference.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.openlva.graph.model.NamedLine;

/**
 * Counts tracked objects crossing named lines. An object is followed by its {@code sequenceId} at its box's centre;
 * it crosses a line when its path from one frame to the next meets the line segment going from one side to the
 * other. Direction (AVA does not document which side is which; OpenLVA's rule, docs/nodes.md): in the frame's
 * [left, top] coordinates, for the line start A, end B and point P, s = (Bx−Ax)(Py−Ay) − (By−Ay)(Px−Ax); s going
 * from negative to positive is {@code clockwise}, positive to negative {@code counterclockwise}. Totals run from
 * activation. Not thread-safe: one stream's frames come in order on one thread.
 */
public final class LineCrossing {

    /** An object not seen for this long is forgotten (its sequenceId ended). */
    static final long FORGET_US = 10_000_000;

    /** One crossing, with the line's totals after it. */
    public record Crossing(String line, String sequenceId, String inferenceId, boolean clockwise, long clockwiseTotal,
            long counterclockwiseTotal) {

        public long total() {
            return clockwiseTotal + counterclockwiseTotal;
        }
    }

    /** A tracked object's point on one frame. */
    public record Point(String sequenceId, String inferenceId, double x, double y) {
    }

    private static final class Line {
        final String name;
        final double ax;
        final double ay;
        final double bx;
        final double by;
        long clockwise;
        long counterclockwise;

        Line(NamedLine l) {
            double[] p = l.points();
            name = l.name();
            ax = p[0];
            ay = p[1];
            bx = p[2];
            by = p[3];
        }

        double side(double x, double y) {
            return (bx - ax) * (y - ay) - (by - ay) * (x - ax);
        }

        /** Whether the segment from (x0, y0) to (x1, y1) meets this line's segment. */
        boolean meets(double x0, double y0, double x1, double y1) {
            double d0 = side(x0, y0);
            double d1 = side(x1, y1);
            // the line's ends on either side of (or on) the path
            double e0 = (x1 - x0) * (ay - y0) - (y1 - y0) * (ax - x0);
            double e1 = (x1 - x0) * (by - y0) - (y1 - y0) * (bx - x0);
            return d0 * d1 <= 0 && e0 * e1 <= 0;
        }
    }

    private static final class Followed {
        double x;
        double y;
        long seenUs;
        /** Per line: the last side the object was on, -1 or 1 (0: not known yet). */
        final int[] sides;

        Followed(int lines) {
            sides = new int[lines];
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private final Map<String, Followed> objects = new HashMap<>();

    /** @throws IllegalArgumentException when a line is not two points in the frame */
    public LineCrossing(List<NamedLine> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a line crossing needs at least one line");
        }
        for (NamedLine l : lines) {
            try {
                this.lines.add(new Line(l));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line '" + l.name() + "': " + e.getMessage(), e);
            }
        }
    }

    /** The tracked objects of one frame; returns the crossings they made since their previous frame. */
    public List<Crossing> frame(long mediaTimeUs, List<Point> points) {
        List<Crossing> out = new ArrayList<>();
        for (Point p : points) {
            Followed f = objects.get(p.sequenceId());
            if (f == null) {
                f = new Followed(lines.size());
                for (int i = 0; i < lines.size(); i++) {
                    f.sides[i] = sign(lines.get(i).side(p.x(), p.y()));
                }
            } else {
                for (int i = 0; i < lines.size(); i++) {
                    Line l = lines.get(i);
                    int now = sign(l.side(p.x(), p.y()));
                    if (now == 0) {
                        continue; // on the line: the side it leaves to decides
                    }
                    int before = f.sides[i];
                    if (before != 0 && before != now && l.meets(f.x, f.y, p.x(), p.y())) {
                        boolean clockwise = now > 0;
                        if (clockwise) {
                            l.clockwise++;
                        } else {
                            l.counterclockwise++;
                        }
                        out.add(new Crossing(l.name, p.sequenceId(), p.inferenceId(), clockwise, l.clockwise,
                                l.counterclockwise));
                    }
                    f.sides[i] = now;
                }
            }
            f.x = p.x();
            f.y = p.y();
            f.seenUs = mediaTimeUs;
            objects.put(p.sequenceId(), f);
        }
        for (Iterator<Followed> it = objects.values().iterator(); it.hasNext();) {
            if (mediaTimeUs - it.next().seenUs > FORGET_US) {
                it.remove();
            }
        }
        return out;
    }

    private static int sign(double s) {
        return s > 0 ? 1 : s < 0 ? -1 : 0;
    }
}
