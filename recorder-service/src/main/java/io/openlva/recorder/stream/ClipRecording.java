package io.openlva.recorder.stream;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.recorder.gate.GateClip;
import io.openlva.recorder.preroll.PrerollReader;
import io.openlva.recorder.sink.SinkRecording;

/**
 * One gate activation being written to every sink after the gate. Packets come in stream order, first read back
 * from Kafka (from the keyframe at or before the start), then live. Packets at or past the clip's current end are
 * held back, up to {@code holdbackUs} past it, because a retrigger may still extend the clip; past that the
 * recording stops taking packets (it is not live any more), and an extension reads the rest back from Kafka
 * ({@link #needsHistory()}, {@link #after()}).
 */
final class ClipRecording {

    private final GateClip clip;
    private final List<SinkRecording> sinks;
    private final long holdbackUs;
    private final ArrayDeque<MediaPacket> holdback = new ArrayDeque<>();
    private MediaPacket lastTaken;
    private long refusedAtUs = Long.MIN_VALUE;
    private boolean live = true;
    private long writtenStartUs = -1;
    private long writtenEndUs = -1;
    private boolean prerollComplete;
    private final List<Path> files = new ArrayList<>();

    ClipRecording(GateClip clip, List<SinkRecording> sinks, long holdbackUs) {
        this.clip = clip;
        this.sinks = sinks;
        this.holdbackUs = holdbackUs;
    }

    GateClip clip() {
        return clip;
    }

    /** The clip's beginning was read back from Kafka: {@code reachedLive} = up to the live position. */
    void begun(PrerollReader.Result history) {
        prerollComplete = history.reachedStart();
        live = history.reachedUntil();
    }

    /** More packets were read back from Kafka after {@link #after()}. */
    void resumed(PrerollReader.Result history) {
        live = history.reachedUntil();
    }

    /** Stops taking live packets (its history could not be read: it goes on from what it has). */
    void detach() {
        live = false;
    }

    /** A live packet; ignored when the recording is not live (it reads back from Kafka instead). */
    void offer(MediaPacket p) {
        if (live && !take(p)) {
            live = false;
        }
    }

    /** The next packet of the stream; false (not taken) when it is past what the clip can need now. */
    boolean take(MediaPacket p) {
        long limit = clip.endUs() + holdbackUs;
        if (p.mediaTimeUs() >= limit) {
            refusedAtUs = p.mediaTimeUs();
            return false;
        }
        lastTaken = p;
        if (writtenStartUs < 0 && holdback.isEmpty() && !p.keyframe()) {
            return true;
        }
        holdback.add(p);
        drain();
        return true;
    }

    /** True when the clip was extended past what it took before it stopped taking packets. */
    boolean needsHistory() {
        return !live && (refusedAtUs == Long.MIN_VALUE || refusedAtUs < clip.endUs() + holdbackUs);
    }

    /** The last packet taken (reading back resumes after it), or null. */
    MediaPacket after() {
        return lastTaken;
    }

    /** Writes what the (possibly extended) clip now covers. */
    void drain() {
        long end = clip.endUs();
        while (!holdback.isEmpty() && holdback.peekFirst().mediaTimeUs() < end) {
            MediaPacket p = holdback.pollFirst();
            if (writtenStartUs < 0) {
                writtenStartUs = p.mediaTimeUs();
            }
            writtenEndUs = p.mediaTimeUs();
            for (SinkRecording s : sinks) {
                s.write(p);
                Path f = s.currentFile();
                if (f != null && !files.contains(f)) {
                    files.add(f);
                }
            }
        }
    }

    ClipSummary close(String instance, String gateNode) {
        drain();
        holdback.clear();
        for (SinkRecording s : sinks) {
            s.close();
        }
        return new ClipSummary(instance, gateNode, clip.id(), clip.firstEventUs(), clip.startUs(), clip.endUs(),
                writtenStartUs, writtenEndUs, prerollComplete, List.copyOf(files));
    }
}
