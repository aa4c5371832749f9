package io.openlva.graph.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.openlva.graph.codec.GraphJson;

/** AI composition forwards the upstream extension's image as it is: a chained extension must ask for the same. */
class ChainedExtensionImageTest {

    private static String topology(String classifierImage) {
        return "{\"@apiVersion\": \"2.0\", \"name\": \"Chain\", \"properties\": {"
                + "\"sources\": [{\"@type\": \"#Microsoft.Media.MediaGraphRtspSource\", \"name\": \"rtspSource\", \"endpoint\": "
                + "{\"@type\": \"#Microsoft.Media.MediaGraphUnsecuredEndpoint\", \"url\": \"rtsp://127.0.0.1/cam\"}}],"
                + "\"processors\": ["
                + "{\"@type\": \"#Microsoft.Media.MediaGraphGrpcExtension\", \"name\": \"detector\", \"endpoint\": "
                + "{\"@type\": \"#Microsoft.Media.MediaGraphUnsecuredEndpoint\", \"url\": \"tcp://127.0.0.1:5001\"},"
                + "\"image\": {\"scale\": {\"mode\": \"pad\", \"width\": \"416\", \"height\": \"416\"}},"
                + "\"inputs\": [{\"nodeName\": \"rtspSource\"}]},"
                + "{\"@type\": \"#Microsoft.Media.MediaGraphHttpExtension\", \"name\": \"classifier\", \"endpoint\": "
                + "{\"@type\": \"#Microsoft.Media.MediaGraphUnsecuredEndpoint\", \"url\": \"http://127.0.0.1:8080/score\"},"
                + classifierImage + "\"inputs\": [{\"nodeName\": \"detector\"}]}],"
                + "\"sinks\": [{\"@type\": \"#Microsoft.Media.MediaGraphIoTHubMessageSink\", \"name\": \"hubSink\", "
                + "\"hubOutputName\": \"inferences\", \"inputs\": [{\"nodeName\": \"classifier\"}]}]}}";
    }

    @Test
    void aChainedExtensionWithOtherImageSettingsIsRefusedByName() {
        assertThatThrownBy(() -> GraphJson.readTopology(topology(
                "\"image\": {\"scale\": {\"mode\": \"pad\", \"width\": \"224\", \"height\": \"224\"}},")))
                .isInstanceOf(GraphValidationException.class)
                .hasMessageContaining("'classifier'").hasMessageContaining("'detector'").hasMessageContaining("image");
    }

    @Test
    void aChainedExtensionWithTheSameImageSettingsIsAccepted() {
        List<ErrorDetail> problems = GraphValidator.check(GraphJson.readTopology(topology(
                "\"image\": {\"scale\": {\"mode\": \"pad\", \"width\": \"416\", \"height\": \"416\"}},")));
        assertThat(problems).noneSatisfy(p -> assertThat(p.message()).contains("image"));
    }
}
