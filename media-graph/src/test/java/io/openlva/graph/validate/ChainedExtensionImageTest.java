package io.openlva.graph.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.openlva.graph.codec.GraphJson;

/** A chained extension's image settings are its own: the topology is valid whatever they are (LVA accepted it). */
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
    void aChainedExtensionWithOtherImageSettingsIsAValidTopology() {
        // valid LVA: what OpenLVA cannot run (a forwarded image rescaled) is refused at activation, by inference-service
        List<ErrorDetail> problems = GraphValidator.check(GraphJson.readTopology(topology(
                "\"image\": {\"scale\": {\"mode\": \"pad\", \"width\": \"224\", \"height\": \"224\"}},")));
        assertThat(problems).isEmpty();
    }

    @Test
    void aChainedExtensionWithTheSameImageSettingsIsAccepted() {
        List<ErrorDetail> problems = GraphValidator.check(GraphJson.readTopology(topology(
                "\"image\": {\"scale\": {\"mode\": \"pad\", \"width\": \"416\", \"height\": \"416\"}},")));
        assertThat(problems).noneSatisfy(p -> assertThat(p.message()).contains("image"));
    }
}
