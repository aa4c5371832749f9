package io.openlva.graph.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.LineCrossingProcessor;
import io.openlva.graph.model.NamedLine;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;

/**
 * AVA's placement of its tracking nodes (quotas-limitations): an object tracker immediately downstream from an
 * extension, a line crossing immediately downstream from an object tracker; and lines AVA can read.
 */
class TrackingPlacementTest {

    private static String topology(String trackerInput, String crossingInput, String line) {
        return "{\"@apiVersion\": \"1.1\", \"name\": \"Crossing\", \"properties\": {"
                + "\"parameters\": [{\"name\": \"lineCoordinates\", \"type\": \"String\", \"default\": \"[[0.5,0.1], [0.5,0.9]]\"}],"
                + "\"sources\": [{\"@type\": \"#Microsoft.VideoAnalyzer.RtspSource\", \"name\": \"rtspSource\", \"endpoint\": "
                + "{\"@type\": \"#Microsoft.VideoAnalyzer.UnsecuredEndpoint\", \"url\": \"rtsp://127.0.0.1/cam\"}}],"
                + "\"processors\": ["
                + "{\"@type\": \"#Microsoft.VideoAnalyzer.MotionDetectionProcessor\", \"name\": \"motion\","
                + " \"inputs\": [{\"nodeName\": \"rtspSource\"}]},"
                + "{\"@type\": \"#Microsoft.VideoAnalyzer.HttpExtension\", \"name\": \"detector\", \"endpoint\": "
                + "{\"@type\": \"#Microsoft.VideoAnalyzer.UnsecuredEndpoint\", \"url\": \"http://127.0.0.1:8080/score\"},"
                + "\"image\": {\"format\": {\"@type\": \"#Microsoft.VideoAnalyzer.ImageFormatJpeg\"}},"
                + "\"inputs\": [{\"nodeName\": \"rtspSource\"}]},"
                + "{\"@type\": \"#Microsoft.VideoAnalyzer.ObjectTrackingProcessor\", \"name\": \"tracker\", \"accuracy\": \"high\","
                + " \"inputs\": [{\"nodeName\": \"" + trackerInput + "\"}]},"
                + "{\"@type\": \"#Microsoft.VideoAnalyzer.LineCrossingProcessor\", \"name\": \"crossing\","
                + " \"inputs\": [{\"nodeName\": \"" + crossingInput + "\"}],"
                + " \"lines\": [{\"@type\": \"#Microsoft.VideoAnalyzer.NamedLineString\", \"name\": \"door\", \"line\": \"" + line
                + "\"}]}],"
                + "\"sinks\": [{\"@type\": \"#Microsoft.VideoAnalyzer.IotHubMessageSink\", \"name\": \"hubSink\", "
                + "\"hubOutputName\": \"inferences\", \"inputs\": [{\"nodeName\": \"crossing\"}]}]}}";
    }

    @Test
    void aTrackerAfterAnExtensionAndALineCrossingAfterTheTrackerAreAccepted() {
        Topology t = GraphJson.readTopology(topology("detector", "tracker", "[[0.3, 0.2],[0.9, 0.8]]"));
        assertThat(GraphValidator.check(t)).isEmpty();
    }

    @Test
    void aTrackerNotFedByAnExtensionIsRefusedByName() {
        assertThatThrownBy(() -> GraphJson.readTopology(topology("motion", "tracker", "[[0.3, 0.2],[0.9, 0.8]]")))
                .isInstanceOf(GraphValidationException.class)
                .hasMessageContaining("object tracker 'tracker'").hasMessageContaining("'motion'");
    }

    @Test
    void aLineCrossingNotFedByATrackerIsRefusedByName() {
        assertThatThrownBy(() -> GraphJson.readTopology(topology("detector", "detector", "[[0.3, 0.2],[0.9, 0.8]]")))
                .isInstanceOf(GraphValidationException.class)
                .hasMessageContaining("line crossing 'crossing'").hasMessageContaining("'detector'");
    }

    @Test
    void aLineOutsideTheFrameIsRefused() {
        assertThatThrownBy(() -> GraphJson.readTopology(topology("detector", "tracker", "[[0.3, 0.2],[1.9, 0.8]]")))
                .isInstanceOf(GraphValidationException.class).hasMessageContaining(NamedLine.FORMAT);
        assertThatThrownBy(() -> GraphJson.readTopology(topology("detector", "tracker", "[0.3, 0.2]")))
                .isInstanceOf(GraphValidationException.class).hasMessageContaining("line");
    }

    @Test
    void aLineGivenAsAParameterIsCheckedWhenResolved() {
        Topology t = GraphJson.readTopology(topology("detector", "tracker", "${lineCoordinates}"));
        Instance ok = GraphJson.readInstance("{\"@apiVersion\":\"1.1\",\"name\":\"p1\",\"properties\":{\"topologyName\":"
                + "\"Crossing\"}}");
        assertThat(GraphResolver.resolve(t, ok).nodes(LineCrossingProcessor.class).get(0).lines().get(0).points())
                .containsExactly(0.5, 0.1, 0.5, 0.9);
        Instance bad = GraphJson.readInstance("{\"@apiVersion\":\"1.1\",\"name\":\"p2\",\"properties\":{\"topologyName\":"
                + "\"Crossing\",\"parameters\":[{\"name\":\"lineCoordinates\",\"value\":\"[[0.5,0.1]]\"}]}}");
        assertThatThrownBy(() -> GraphResolver.resolve(t, bad)).isInstanceOf(GraphValidationException.class)
                .hasMessageContaining(NamedLine.FORMAT);
    }
}
