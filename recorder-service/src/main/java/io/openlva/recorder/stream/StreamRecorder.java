package io.openlva.recorder.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.recorder.gate.GateClip;
import io.openlva.recorder.gate.LateEventPolicy;
import io.openlva.recorder.gate.SignalGate;
import io.openlva.recorder.preroll.PrerollReader;
import io.openlva.recorder.sink.SinkRecording;

/**
 * Everything recorded from one source stream, driven by its packets in order (one packet thread). Gate events
 * come from the event thread through a queue and are applied by media time at the next packet, so an event may
 * arrive before or after its packets, in any order. An event later than its gate's evaluation window is, by
 * default, still applied: its clip (or the part of it the media already passed) is read back from Kafka; only
 * events older than the packets Kafka still keeps are dropped (counted, DataDropped).
 */
final class StreamRecorder {

    private static final Logger LOG = Logger.getLogger(StreamRecorder.class);
    /** An event this far ahead of the live media it arrived at cannot be from this stream (broken timestamp). */
    static final long FUTURE_TOLERANCE_US = 60_000_000L;
    /** Packets past a clip's end held in memory for a retrigger, on top of the evaluation window. */
    static final long HOLDBACK_MARGIN_US = 1_000_000L;

    /**
     * A gate event for this stream; {@code mediaTimeUs < 0} means "when it arrived" (IoT Hub messages carry no
     * media time); {@code arrivalMs} is its wall-clock event time ({@link Long#MIN_VALUE}: unknown).
     */
    record PendingEvent(String gateNode, long mediaTimeUs, long arrivalMs) {
    }

    private final StreamPlan plan;
    private final SinkRecording.Context ctx;
    private final LateEventPolicy lateEvents;
    private final Consumer<ClipSummary> onClip;
    private final DroppedGateEvents drops;
    private final List<GateRunner> gates = new ArrayList<>();
    private final List<SinkRecording> continuous = new ArrayList<>();
    private String sessionId;
    private final ConcurrentLinkedQueue<PendingEvent> events = new ConcurrentLinkedQueue<>();
    private TopicPartition partition;
    private long lastOffset = -1;
    private long clockUs = Long.MIN_VALUE;
    private long clockCaptureMs;
    private long lastPacketNanos = System.nanoTime();

    private final class GateRunner {
        final GatePlan plan;
        final SignalGate gate;
        final long holdbackUs;
        final Map<Long, ClipRecording> clips = new LinkedHashMap<>();
        boolean open;
        long loggedWaitUs;

        GateRunner(GatePlan plan) {
            this.plan = plan;
            this.gate = new SignalGate(plan.settings(), lateEvents);
            this.holdbackUs = plan.settings().windowUs() + HOLDBACK_MARGIN_US;
            this.loggedWaitUs = plan.settings().windowUs();
        }
    }

    StreamRecorder(StreamPlan plan, SinkRecording.Context ctx, LateEventPolicy lateEvents, Consumer<ClipSummary> onClip) {
        this.plan = plan;
        this.ctx = ctx;
        this.lateEvents = lateEvents;
        this.onClip = onClip;
        this.drops = new DroppedGateEvents(ctx);
        fresh();
    }

    /** New gates and continuous recordings, as if the stream started now. */
    private void fresh() {
        gates.clear();
        continuous.clear();
        plan.gates().forEach(g -> gates.add(new GateRunner(g)));
        plan.continuous().forEach(s -> continuous.add(new SinkRecording(s, ctx)));
        clockUs = Long.MIN_VALUE;
    }

    StreamPlan plan() {
        return plan;
    }

    TopicPartition partition() {
        return partition;
    }

    /** From the event thread. */
    void offerEvent(String gateNode, long mediaTimeUs, long arrivalMs) {
        events.add(new PendingEvent(gateNode, mediaTimeUs, arrivalMs));
    }

    void onPacket(TopicPartition tp, long offset, MediaPacket p, PrerollReader preroll) {
        if (p.sessionId() != null && sessionId != null && !p.sessionId().equals(sessionId)) {
            // the source reconnected: its media timeline may restart, so clips and files restart with it
            LOG.infof("%s: new source session, closing and restarting its recordings", plan.source());
            restart(preroll);
        }
        if (p.sessionId() != null) {
            sessionId = p.sessionId();
        }
        // events first, while lastOffset is still the previous packet: a clip they start reads history up to it
        // and gets this packet live below
        applyEvents(preroll);
        partition = tp;
        lastOffset = offset;
        lastPacketNanos = System.nanoTime();
        for (SinkRecording s : continuous) {
            s.write(p);
        }
        if (p.mediaTimeUs() >= clockUs) {
            clockUs = p.mediaTimeUs();
            clockCaptureMs = p.captureTimeMs();
        }
        for (GateRunner g : gates) {
            for (ClipRecording c : g.clips.values()) {
                c.offer(p);
            }
            for (SignalGate.Transition t : g.gate.advance(p.mediaTimeUs())) {
                transition(g, t, preroll);
            }
            updateOpen(g);
        }
    }

    /** Called now and then by the packet thread even without packets: applies events, closes idle streams. */
    void tick(long idleNanos, PrerollReader preroll) {
        applyEvents(preroll);
        gates.forEach(g -> g.clips.values().forEach(ClipRecording::drain));
        drops.flush();
        boolean recording = gates.stream().anyMatch(g -> g.gate.isOpen())
                || continuous.stream().anyMatch(s -> s.currentFile() != null);
        if (recording && System.nanoTime() - lastPacketNanos > idleNanos) {
            // camera or ingest gone: finish the files now; recording starts afresh when packets return
            LOG.infof("%s: no packets for a while, closing its recordings", plan.source());
            restart(preroll);
        }
    }

    /** Closes every clip and continuous recording cleanly (deactivation, shutdown). */
    void closeAll(PrerollReader preroll) {
        applyEvents(preroll);
        closeGates(preroll);
        continuous.forEach(SinkRecording::close);
        continuous.clear();
    }

    /** Closes everything and starts afresh (source reconnected, idle, failed). */
    void restart(PrerollReader preroll) {
        closeAll(preroll);
        fresh();
    }

    /** The stream's partition went to another replica: close everything; its events are that replica's now. */
    void release(PrerollReader preroll) {
        restart(preroll);
        partition = null;
        lastOffset = -1;
    }

    private void closeGates(PrerollReader preroll) {
        for (GateRunner g : gates) {
            for (SignalGate.Transition t : g.gate.closeAll()) {
                transition(g, t, preroll);
            }
            updateOpen(g);
        }
    }

    private void applyEvents(PrerollReader preroll) {
        PendingEvent e;
        boolean applied = false;
        while ((e = events.poll()) != null) {
            // the live media time when the event arrived, from the newest packet's capture time
            long arrivalMediaUs = arrivalMediaUs(e.arrivalMs());
            long t = e.mediaTimeUs() >= 0 ? e.mediaTimeUs() : arrivalMediaUs;
            for (GateRunner g : gates) {
                if (g.plan.gateNode().equals(e.gateNode())) {
                    applied |= apply(g, t, arrivalMediaUs, preroll);
                }
            }
        }
        drops.flush();
        if (applied && clockUs != Long.MIN_VALUE) {
            // the media may already be past what the events decide (late events, replay after a restart): act now
            for (GateRunner g : gates) {
                for (SignalGate.Transition tr : g.gate.advance(clockUs)) {
                    transition(g, tr, preroll);
                }
                updateOpen(g);
            }
        }
    }

    private long arrivalMediaUs(long arrivalMs) {
        if (clockUs == Long.MIN_VALUE || arrivalMs == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        // bounded: an absurd event time must not wrap the media clock around
        long deltaMs = Math.max(-1_000_000_000_000L, Math.min(1_000_000_000_000L, arrivalMs - clockCaptureMs));
        return clockUs + deltaMs * 1000;
    }

    /** Estimated capture time of a media time of this stream (the newest packet's mapping). */
    private long captureMsOf(long mediaTimeUs) {
        long deltaUs = Math.max(-1_000_000_000_000_000L, Math.min(1_000_000_000_000_000L, mediaTimeUs - clockUs));
        return clockCaptureMs + deltaUs / 1000;
    }

    private boolean apply(GateRunner g, long t, long arrivalMediaUs, PrerollReader preroll) {
        String instance = g.plan.instance();
        String node = g.plan.gateNode();
        if (t == Long.MIN_VALUE) {
            if (partition != null) {
                // this replica reads the stream, but has no media time to put the event at
                LOG.debugf("%s/%s: event without media time before any packet: dropped", plan.source(), node);
                drops.drop(instance, node, DroppedGateEvents.Reason.INVALID_MEDIA_TIME, -1);
            }
            return false;
        }
        if (arrivalMediaUs != Long.MIN_VALUE && arrivalMediaUs < Long.MAX_VALUE - FUTURE_TOLERANCE_US
                && t > arrivalMediaUs + FUTURE_TOLERANCE_US) {
            LOG.debugf("%s/%s: event at %d us is far ahead of the live media (%d us): dropped", plan.source(), node, t,
                    arrivalMediaUs);
            drops.drop(instance, node, DroppedGateEvents.Reason.INVALID_MEDIA_TIME, t);
            return false;
        }
        boolean late = g.gate.isLate(t, arrivalMediaUs);
        if (late) {
            ctx.metrics().lateGateEvent(instance, node);
            if (!lateEvents.recordsLateEvents()) {
                LOG.debugf("%s/%s: event at %d us came later than the evaluation window (media was at %d us): dropped",
                        plan.source(), node, t, arrivalMediaUs);
                drops.drop(instance, node, DroppedGateEvents.Reason.LATE, t);
                return true;
            }
            if (!kept(t, preroll)) {
                LOG.debugf("%s/%s: event at %d us is older than the packets kept in Kafka: dropped", plan.source(), node, t);
                drops.drop(instance, node, DroppedGateEvents.Reason.RETENTION, t);
                return false;
            }
        }
        SignalGate.Outcome o = g.gate.onEvent(t, arrivalMediaUs);
        if (late) {
            LOG.debugf("%s/%s: event at %d us came %d ms after its media: %s", plan.source(), node, t,
                    (arrivalMediaUs - t) / 1000, o);
        }
        long wait = g.gate.waitUs();
        if (Math.abs(wait - g.loggedWaitUs) >= 1_000_000L) {
            g.loggedWaitUs = wait;
            LOG.infof("%s/%s: the gate now starts and closes clips %d ms behind the media (largest recent event delay"
                    + " plus the evaluation window)", plan.source(), node, wait / 1000);
        }
        for (ClipRecording c : g.clips.values()) {
            c.drain();
            readOn(c, preroll);
        }
        updateOpen(g);
        return true;
    }

    /** True when the packets at media time {@code t} are still in Kafka (or this cannot be told now). */
    private boolean kept(long t, PrerollReader preroll) {
        if (partition == null || clockUs == Long.MIN_VALUE) {
            return true;
        }
        try {
            OptionalLong oldest = preroll.oldestTimestampMs(partition);
            return oldest.isPresent() && captureMsOf(t) >= oldest.getAsLong();
        } catch (RuntimeException e) {
            ctx.metrics().failure("history");
            LOG.warnf("%s: cannot ask Kafka what %s keeps: %s", plan.source(), partition, e.toString());
            return true;
        }
    }

    /** A clip extended past what it took live reads the rest back from Kafka, up to the live position. */
    private void readOn(ClipRecording c, PrerollReader preroll) {
        if (!c.needsHistory() || partition == null || lastOffset < 0) {
            return;
        }
        try {
            MediaPacket after = c.after();
            PrerollReader.Result r = after == null
                    ? preroll.readFromKeyframe(partition, plan.source(), sessionId, c.clip().startUs(),
                            captureMsOf(c.clip().startUs()), lastOffset, c::take)
                    : preroll.readAfter(partition, plan.source(), sessionId, PrerollReader.Position.of(after), lastOffset,
                            c::take);
            c.resumed(r);
        } catch (RuntimeException e) {
            ctx.metrics().failure("history");
            LOG.warnf("%s: cannot read %s back from Kafka now: %s", plan.source(), c.clip(), e.toString());
        }
    }

    private void transition(GateRunner g, SignalGate.Transition t, PrerollReader preroll) {
        GateClip clip = t.clip();
        switch (t.kind()) {
            case START -> {
                List<SinkRecording> sinks = new ArrayList<>();
                g.plan.sinks().forEach(s -> sinks.add(new SinkRecording(s, ctx)));
                ClipRecording rec = new ClipRecording(clip, sinks, g.holdbackUs);
                g.clips.put(clip.id(), rec);
                boolean fromHistory = false;
                if (partition != null && lastOffset >= 0) {
                    try {
                        PrerollReader.Result history = preroll.readFromKeyframe(partition, plan.source(), sessionId,
                                clip.startUs(), captureMsOf(clip.startUs()), lastOffset, rec::take);
                        ctx.metrics().prerollRead();
                        rec.begun(history);
                        fromHistory = !history.reachedUntil();
                    } catch (RuntimeException e) {
                        // the packets stay in Kafka: the recording reads them back when it closes
                        ctx.metrics().failure("history");
                        rec.detach();
                        LOG.warnf("%s: cannot read the start of %s back from Kafka now: %s", plan.source(), clip, e.toString());
                    }
                }
                LOG.infof("%s/%s: recording %s%s", plan.source(), g.plan.gateNode(), clip,
                        fromHistory ? " from Kafka (the media is past it)" : "");
            }
            case CLOSE -> {
                ClipRecording rec = g.clips.remove(clip.id());
                if (rec != null) {
                    readOn(rec, preroll);
                    ClipSummary s = rec.close(g.plan.instance(), g.plan.gateNode());
                    ctx.metrics().clip("gate", s.files().isEmpty() ? "empty" : "written");
                    LOG.infof("%s/%s: clip closed %s -> %s", plan.source(), g.plan.gateNode(), clip, s.files());
                    onClip.accept(s);
                }
            }
            case DISCARD -> LOG.infof("%s/%s: %s discarded before its media arrived", plan.source(), g.plan.gateNode(), clip);
        }
    }

    private void updateOpen(GateRunner g) {
        boolean open = g.gate.isOpen();
        if (open != g.open) {
            g.open = open;
            if (open) {
                ctx.metrics().gateOpened();
            } else {
                ctx.metrics().gateClosed();
            }
        }
    }
}
