package io.openlva.recorder.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.devkit.clips.ClipPackets;
import io.openlva.devkit.clips.SampleClips;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Subjects;
import io.openlva.recorder.stream.SinkPlan;

/**
 * A sink whose recording fails at run time for a reason that is not its input nor its storage (here the name
 * expansion throws, as a bug would) stops, says so once in a RuntimeError on the sink, and counts the packets it no
 * longer records.
 */
class SinkFailureTest {

    @TempDir
    Path dir;

    @Test
    void aFailingSinkEmitsRuntimeErrorAndCountsWhatItDrops() {
        List<MediaPacket> packets = ClipPackets.read(SampleClips.vtest(), new StreamKey("i-1", "rtspSource"), 0)
                .stream().limit(30).toList();
        assertThat(packets.get(0).keyframe()).isTrue();
        List<GraphEvent> events = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NameExpander broken = (pattern, time) -> {
            throw new IllegalStateException("name expansion broke on " + pattern);
        };
        SinkRecording sink = new SinkRecording(new SinkPlan("i-1", "fileSink", SinkPlan.Kind.FILE, dir, "clip-${x}",
                null, null), new SinkRecording.Context(null, events::add, new RecorderMetrics(registry), broken));

        packets.forEach(sink::write);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.eventType()).isEqualTo(EventTypes.RUNTIME_ERROR);
            assertThat(e.subject()).isEqualTo(Subjects.sink("i-1", "fileSink"));
            assertThat(e.mediaTimeUs()).isEqualTo(packets.get(0).mediaTimeUs());
            assertThat(e.body().path("code").asText()).isEqualTo("NodeFailed");
            assertThat(e.body().path("errorDetails").asText()).contains("IllegalStateException", "name expansion broke");
        });
        assertThat(registry.get("openlva.recorder.packets.dropped").tag("reason", "failed").counter().count())
                .isEqualTo(packets.size() - 1);
    }
}
