package io.openlva.recorder.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.recorder.gate.GateClip;
import io.openlva.recorder.gate.SignalGate;
import io.openlva.recorder.preroll.PrerollReader;
import io.openlva.recorder.sink.SinkRecording;

/**
 * Everything recorded from one source stream, driven by its packets in order (one packet thread). Gate events
 * come from the event thread through a queue and are applied by media time at the next packet, so an event may
 * arrive before or after its packets.
 */
final class StreamRecorder {

    private static final Logger LOG = Logger.getLogger(StreamRecorder.class);

    /**
     * A gate event for this stream; {@code mediaTimeUs < 0} means "when it arrived" (IoT Hub messages carry no
     * media time); {@code arrivalMs} is its wall-clock event time.
     */
    record PendingEvent(String gateNode, long mediaTimeUs, long arrivalMs) {
    }

    private final StreamPlan plan;
    private final SinkRecording.Context ctx;
    private final Consumer<ClipSummary> onClip;
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
        final Map<Long, ClipRecording> clips = new LinkedHashMap<>();
        boolean open;

        GateRunner(GatePlan plan) {
            this.plan = plan;
            this.gate = new SignalGate(plan.settings());
        }
    }

    StreamRecorder(StreamPlan plan, SinkRecording.Context ctx, Consumer<ClipSummary> onClip) {
        this.plan = plan;
        this.ctx = ctx;
        this.onClip = onClip;
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

    /** Closes everything and starts afresh (partition moved away and back, source reconnected). */
    void restart(PrerollReader preroll) {
        closeAll(preroll);
        fresh();
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
            long arrivalMediaUs = clockUs == Long.MIN_VALUE ? Long.MIN_VALUE
                    : clockUs + (e.arrivalMs() - clockCaptureMs) * 1000;
            long t = e.mediaTimeUs() >= 0 ? e.mediaTimeUs() : arrivalMediaUs;
            for (GateRunner g : gates) {
                if (!g.plan.gateNode().equals(e.gateNode())) {
                    continue;
                }
                if (t == Long.MIN_VALUE) {
                    LOG.debugf("%s/%s: event without media time before any packet: ignored", plan.source(), g.plan.gateNode());
                    continue;
                }
                SignalGate.Outcome o = g.gate.onEvent(t, arrivalMediaUs);
                if (o == SignalGate.Outcome.DROPPED_LATE) {
                    ctx.metrics().lateEvent();
                    LOG.debugf("%s/%s: event at %d us came later than the evaluation window (media was at %d us): dropped",
                            plan.source(), g.plan.gateNode(), t, arrivalMediaUs);
                }
                g.clips.values().forEach(ClipRecording::drain);
                updateOpen(g);
                applied = true;
            }
        }
        if (applied && clockUs != Long.MIN_VALUE) {
            // the media may already be past what the event decides (replay after a restart): act on it now
            for (GateRunner g : gates) {
                for (SignalGate.Transition tr : g.gate.advance(clockUs)) {
                    transition(g, tr, preroll);
                }
                updateOpen(g);
            }
        }
    }

    private void transition(GateRunner g, SignalGate.Transition t, PrerollReader preroll) {
        GateClip clip = t.clip();
        switch (t.kind()) {
            case START -> {
                List<SinkRecording> sinks = new ArrayList<>();
                g.plan.sinks().forEach(s -> sinks.add(new SinkRecording(s, ctx)));
                ClipRecording rec = new ClipRecording(clip, sinks);
                g.clips.put(clip.id(), rec);
                if (partition != null && lastOffset >= 0) {
                    long startCaptureMs = clockCaptureMs + (clip.startUs() - clockUs) / 1000;
                    PrerollReader.Preroll history = preroll.read(partition, plan.source(), sessionId, clip.startUs(),
                            startCaptureMs, lastOffset);
                    ctx.metrics().prerollRead();
                    rec.begin(history.packets(), history.reachedStart());
                }
                LOG.infof("%s/%s: recording %s", plan.source(), g.plan.gateNode(), clip);
            }
            case CLOSE -> {
                ClipRecording rec = g.clips.remove(clip.id());
                if (rec != null) {
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
