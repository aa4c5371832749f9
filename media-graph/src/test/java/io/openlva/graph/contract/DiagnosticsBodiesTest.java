package io.openlva.graph.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.openlva.graph.model.Flavor;

/** The DataDropped and RuntimeError bodies every service emits, in both envelopes. */
class DiagnosticsBodiesTest {

    @AfterEach
    void forget() {
        EventEnvelope.follow(Map.of());
    }

    @Test
    void runtimeErrorCarriesCodeForAvaReadersAndErrorCodeForOpenLvasAndMasksCredentials() {
        RuntimeError error = new RuntimeError(RuntimeError.NODE_FAILED,
                RuntimeError.describe(new IllegalStateException("cannot reach rtsp://admin:hunter2@cam/stream")));
        GraphEvent e = error.event(null, "graph-1", Subjects.sink("graph-1", "fileSink"), 9_000_000L);
        assertThat(e.eventType()).isEqualTo(EventTypes.RUNTIME_ERROR);
        assertThat(EventTypes.isDiagnostics(e.eventType())).isTrue();
        assertThat(e.node()).isEqualTo("fileSink");
        assertThat(e.mediaTimeUs()).isEqualTo(9_000_000L);
        JsonNode body = e.body();
        assertThat(body.path("code").asText()).isEqualTo("NodeFailed");
        assertThat(body.path("errorCode").asText()).isEqualTo("NodeFailed");
        assertThat(body.path("errorDetails").asText()).startsWith("IllegalStateException: cannot reach rtsp://")
                .doesNotContain("hunter2");
        assertThat(body.size()).isEqualTo(3);

        EventEnvelope.follow(Map.of("pipeline-1", Flavor.VIDEO_ANALYZER));
        GraphEvent ava = error.event(null, "pipeline-1", Subjects.processor("pipeline-1", "gate"), -1);
        assertThat(ava.applicationProperties()).containsEntry("eventType", "Microsoft.VideoAnalyzer.Diagnostics.RuntimeError")
                .containsEntry("subject", "/edgeModules/avaedge/livePipelines/pipeline-1/processors/gate");
        assertThat(Json.read(ava.toRecord("lva.events").value())).isEqualTo(body);
    }

    @Test
    void dataDroppedCountsPerReasonWithMediaTimes() {
        DataDropped drop = new DataDropped(DataDropped.FRAME, Map.of("too-old", 4L, "bad-record", 1L), 1_000_000L,
                5_000_000L, "frame is 2500 ms old; see http://u:p@host/x");
        GraphEvent e = drop.event(null, "cam", Subjects.processor("cam", "detector"));
        assertThat(e.eventType()).isEqualTo(EventTypes.DATA_DROPPED);
        assertThat(e.mediaTimeUs()).isEqualTo(1_000_000L);
        JsonNode body = e.body();
        assertThat(body.path("dataType").asText()).isEqualTo("frame");
        assertThat(body.path("count").asLong()).isEqualTo(5);
        assertThat(body.path("reasons").path("too-old").asLong()).isEqualTo(4);
        assertThat(body.path("reasons").path("bad-record").asLong()).isEqualTo(1);
        assertThat(body.path("timestamp").asLong()).isEqualTo(Inferences.lvaTimestamp(1_000_000L));
        assertThat(body.path("lastTimestamp").asLong()).isEqualTo(Inferences.lvaTimestamp(5_000_000L));
        assertThat(body.path("errorDetails").asText()).contains("frame is 2500 ms old").doesNotContain("u:p@");

        JsonNode unknownTimes = new DataDropped(DataDropped.EVENT, Map.of("late", 1L), -1, -1, null).body();
        assertThat(unknownTimes.has("timestamp")).isFalse();
        assertThat(unknownTimes.has("lastTimestamp")).isFalse();
        assertThat(unknownTimes.has("errorDetails")).isFalse();
        assertThat(new DataDropped(DataDropped.EVENT, Map.of("late", 1L), -1, -1, null)
                .event(null, "g", Subjects.processor("g", "gate")).mediaTimeUs()).isEqualTo(-1);
    }
}
