package io.openlva.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Subjects;

class EventLogTest {

    @Test
    void printsOneReadableLinePerEventAndCountsDetections() {
        GraphEvent inference = GraphEvent.of(null, "camera1", Subjects.processor("camera1", "objectDetection"),
                EventTypes.INFERENCE, 1_000_000, Inferences.body(1_000_000, Inferences.entities(List.of(
                        new Inferences.Entity("person", 0.91, new Inferences.Box(0.1, 0.2, 0.3, 0.4)),
                        new Inferences.Entity("car", 0.6, new Inferences.Box(0.5, 0.5, 0.1, 0.1))))));
        GraphEvent stopped = GraphEvent.of(null, "camera1", Subjects.sink("camera1", "fileSink"),
                EventTypes.RECORDING_STOPPED, -1,
                Json.mapper().createObjectNode().put("outputType", "filePath").put("outputLocation", "/r/clip.mp4"));

        String line = EventLog.format(inference);
        assertThat(line).contains("camera1/objectDetection").contains("Inference").contains("person 0.91")
                .contains("[0.10,0.20 0.30x0.40]").contains("car 0.60");
        assertThat(line).doesNotContain("\n");
        assertThat(EventLog.format(stopped)).contains("RecordingStopped").contains("/r/clip.mp4");

        EventLog.Summary summary = new EventLog.Summary();
        summary.add(inference);
        summary.add(inference);
        summary.add(stopped);
        assertThat(summary.detections()).containsEntry("person", 2).containsEntry("car", 2);
        assertThat(summary.clipsWritten()).isEqualTo(1);
        assertThat(summary.toString()).contains("clips written: 1");
    }
}
