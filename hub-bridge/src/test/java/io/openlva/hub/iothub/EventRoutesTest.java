package io.openlva.hub.iothub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.Subjects;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.hub.TestGraphs;

/** Which outputs an event goes to: pure routing, no IoT Hub. */
class EventRoutesTest {

    private final Topology topology = GraphJson.readTopology(
            TestGraphs.topology(TestGraphs.CUSTOM_VISION, "Routes").toString());

    private ResolvedGraph graph(Map<String, String> parameters) {
        Instance instance = GraphJson.readInstance(TestGraphs.instance("cam-1", "Routes", parameters).toString());
        return GraphResolver.resolve(topology, instance);
    }

    private static GraphEvent event(String subject, String type) {
        return GraphEvent.of(null, "cam-1", subject, type, -1, Json.mapper().createObjectNode());
    }

    @Test
    void eventsOfANodeFeedingAHubSinkGoToItsResolvedOutputName() {
        ResolvedGraph g = graph(Map.of("rtspUrl", "rtsp://camera/stream", "hubSinkOutputName", "trucks"));
        EventRoutes routes = new EventRoutes(i -> Optional.of(g), Optional::empty, Optional::empty);
        assertThat(routes.outputsOf(event(Subjects.processor("cam-1", "httpExtension"), EventTypes.INFERENCE)))
                .containsExactly("trucks");
        assertThat(routes.outputsOf(event(Subjects.source("cam-1", "rtspSource"), EventTypes.MEDIA_SESSION_ESTABLISHED)))
                .isEmpty();
        assertThat(routes.outputsOf(event(Subjects.processor("cam-1", "motion"), EventTypes.INFERENCE))).isEmpty();
    }

    @Test
    void parameterDefaultsNameTheOutputWhenTheInstanceSetsNone() {
        ResolvedGraph g = graph(Map.of("rtspUrl", "rtsp://camera/stream"));
        EventRoutes routes = new EventRoutes(i -> Optional.of(g), Optional::empty, Optional::empty);
        assertThat(routes.outputsOf(event(Subjects.processor("cam-1", "httpExtension"), EventTypes.INFERENCE)))
                .containsExactly("inferenceOutput");
    }

    @Test
    void diagnosticsAndOperationalEventsGoToTheirConfiguredOutputs() {
        EventRoutes routes = new EventRoutes(i -> Optional.empty(), () -> Optional.of("diag"), () -> Optional.of("ops"));
        assertThat(routes.outputsOf(event(Subjects.source("cam-1", "rtspSource"), EventTypes.NETWORK_ERROR)))
                .containsExactly("diag");
        assertThat(routes.outputsOf(event(Subjects.sink("cam-1", "fileSink"), EventTypes.RECORDING_STARTED)))
                .containsExactly("ops");
        assertThat(routes.outputsOf(event(Subjects.processor("cam-1", "httpExtension"), EventTypes.INFERENCE)))
                .as("unknown instance, analytics event").isEmpty();
        EventRoutes none = new EventRoutes(i -> Optional.empty(), () -> Optional.of(" "), Optional::empty);
        assertThat(none.outputsOf(event(Subjects.source("cam-1", "rtspSource"), EventTypes.NETWORK_ERROR))).isEmpty();
    }
}
