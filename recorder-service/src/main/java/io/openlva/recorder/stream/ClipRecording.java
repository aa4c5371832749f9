package io.openlva.recorder.stream;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.recorder.gate.GateClip;
import io.openlva.recorder.sink.SinkRecording;

/**
 * One gate activation being written to every sink after the gate. Packets at or past the clip's current end are
 * held back (at most one evaluation window of them) because a late retrigger may still extend the clip.
 */
final class ClipRecording {

    private final GateClip clip;
    private final List<SinkRecording> sinks;
    private final ArrayDeque<MediaPacket> holdback = new ArrayDeque<>();
    private long writtenStartUs = -1;
    private long writtenEndUs = -1;
    private boolean prerollComplete;
    private final List<Path> files = new ArrayList<>();

    ClipRecording(GateClip clip, List<SinkRecording> sinks) {
        this.clip = clip;
        this.sinks = sinks;
    }

    GateClip clip() {
        return clip;
    }

    /** The packets from the keyframe at or before the start up to now, read back from Kafka. */
    void begin(List<MediaPacket> history, boolean reachedStart) {
        prerollComplete = reachedStart;
        for (MediaPacket p : history) {
            offer(p);
        }
    }

    void offer(MediaPacket p) {
        if (writtenStartUs < 0 && !p.keyframe()) {
            return;
        }
        holdback.add(p);
        drain();
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
