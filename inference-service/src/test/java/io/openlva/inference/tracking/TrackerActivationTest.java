package io.openlva.inference.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.inference.frames.InferenceMetrics;
import io.openlva.inference.frames.NodeDirectory;
import io.openlva.inference.grpc.GrpcExtensionRunner;
import io.openlva.inference.http.HttpExtensionRunner;
import io.openlva.inference.node.NodeRunner;
import io.openlva.inference.onnx.ModelCache;

/** Which tracking nodes this service sets up, and the one placement it refuses at activation. */
class TrackerActivationTest {

    private static String topology(String trackerInput) {
        String endpoint = "\"endpoint\": {\"@type\": \"#Microsoft.VideoAnalyzer.UnsecuredEndpoint\", \"url\": \"http://127.0.0.1:9/score\"}";
        return "{\"@apiVersion\": \"1.1\", \"name\": \"Chain\", \"properties\": {"
                + "\"sources\": [{\"@type\": \"#Microsoft.VideoAnalyzer.RtspSource\", \"name\": \"rtspSource\", \"endpoint\": "
                + "{\"@type\": \"#Microsoft.VideoAnalyzer.UnsecuredEndpoint\", \"url\": \"rtsp://127.0.0.1/cam\"}}],"
                + "\"processors\": ["
                + "{\"@type\": \"#Microsoft.VideoAnalyzer.HttpExtension\", \"name\": \"detector\", " + endpoint + ","
                + " \"inputs\": [{\"nodeName\": \"rtspSource\"}]},"
                + "{\"@type\": \"#Microsoft.VideoAnalyzer.HttpExtension\", \"name\": \"classifier\", " + endpoint + ","
                + " \"inputs\": [{\"nodeName\": \"detector\"}]},"
                + "{\"@type\": \"#Microsoft.VideoAnalyzer.ObjectTrackingProcessor\", \"name\": \"tracker\","
                + " \"inputs\": [{\"nodeName\": \"" + trackerInput + "\"}]},"
                + "{\"@type\": \"#Microsoft.VideoAnalyzer.LineCrossingProcessor\", \"name\": \"crossing\","
                + " \"inputs\": [{\"nodeName\": \"tracker\"}],"
                + " \"lines\": [{\"@type\": \"#Microsoft.VideoAnalyzer.NamedLineString\", \"name\": \"door\", \"line\": \"[[0.5,0.1],[0.5,0.9]]\"}]}],"
                + "\"sinks\": [{\"@type\": \"#Microsoft.VideoAnalyzer.IotHubMessageSink\", \"name\": \"hubSink\", "
                + "\"hubOutputName\": \"inferences\", \"inputs\": [{\"nodeName\": \"crossing\"}, {\"nodeName\": \"classifier\"}]}]}}";
    }

    private static NodeDirectory directory(String trackerInput) {
        Topology t = GraphJson.readTopology(topology(trackerInput));
        Instance i = GraphJson.readInstance("{\"@apiVersion\":\"1.1\",\"name\":\"cam\",\"properties\":{\"topologyName\":\"Chain\"}}");
        NodeDirectory nodes = new NodeDirectory(new ModelCache("/nonexistent.onnx", "auto", List.of(), 1, 1),
                new HttpExtensionRunner.Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1),
                        Duration.ofSeconds(5)),
                new GrpcExtensionRunner.Settings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5), 2,
                        32 << 20, Path.of("/dev/shm")), new InferenceMetrics(new SimpleMeterRegistry())::modelNanos);
        nodes.update(List.of(GraphResolver.resolve(t, i)));
        return nodes;
    }

    @Test
    void aTrackerAfterACameraFedExtensionRunsAndGetsItsFramesAsDoesItsLineCrossing() {
        try (NodeDirectory nodes = directory("detector")) {
            assertThat(nodes.apply(new StreamKey("cam", "tracker"))).isInstanceOf(ObjectTrackerRunner.class);
            assertThat(nodes.apply(new StreamKey("cam", "crossing"))).isInstanceOf(LineCrossingRunner.class);
            assertThat(nodes.downstream(new StreamKey("cam", "detector"))).extracting(NodeDirectory.Downstream::node)
                    .containsExactlyInAnyOrder(new StreamKey("cam", "classifier"), new StreamKey("cam", "tracker"));
            assertThat(nodes.downstream(new StreamKey("cam", "detector"))).filteredOn(d -> d.node().node().equals("tracker"))
                    .singleElement().satisfies(d -> {
                        assertThat(d.needsImage()).isFalse();
                        assertThat(d.onlyAnnotated()).isFalse();
                    });
            assertThat(nodes.downstream(new StreamKey("cam", "tracker"))).extracting(NodeDirectory.Downstream::node)
                    .containsExactly(new StreamKey("cam", "crossing"));
        }
    }

    @Test
    void aTrackerAfterAChainedExtensionIsRefusedByName() {
        try (NodeDirectory nodes = directory("classifier")) {
            NodeRunner tracker = nodes.apply(new StreamKey("cam", "tracker"));
            assertThat(tracker).isInstanceOf(NodeRunner.Unavailable.class);
            assertThat(((NodeRunner.Unavailable) tracker).detail()).contains("cam/tracker").contains("'classifier'")
                    .contains("'detector'");
        }
    }
}
