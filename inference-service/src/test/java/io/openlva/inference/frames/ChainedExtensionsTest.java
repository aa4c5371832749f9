package io.openlva.inference.frames;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Inferences;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.resolve.ResolvedGraph;
import io.openlva.inference.grpc.GrpcExtensionRunner;
import io.openlva.inference.http.HttpExtensionRunner;
import io.openlva.inference.node.NodeRunner;

/**
 * AI composition's limits: an extension fed by one with other image settings is refused at activation (a valid
 * topology that this service cannot run), and a chained extension gets at most its own maximumSamplesPerSecond.
 */
class ChainedExtensionsTest {

    private static ResolvedGraph chain(String classifierImage, String classifierSampling) {
        String json = "{\"@apiVersion\": \"2.0\", \"name\": \"Chain\", \"properties\": {"
                + "\"sources\": [{\"@type\": \"#Microsoft.Media.MediaGraphRtspSource\", \"name\": \"rtspSource\", \"endpoint\": "
                + "{\"@type\": \"#Microsoft.Media.MediaGraphUnsecuredEndpoint\", \"url\": \"rtsp://127.0.0.1/cam\"}}],"
                + "\"processors\": ["
                + "{\"@type\": \"#Microsoft.Media.MediaGraphGrpcExtension\", \"name\": \"detector\", \"endpoint\": "
                + "{\"@type\": \"#Microsoft.Media.MediaGraphUnsecuredEndpoint\", \"url\": \"tcp://127.0.0.1:1\"},"
                + "\"image\": {\"scale\": {\"mode\": \"pad\", \"width\": \"416\", \"height\": \"416\"}},"
                + "\"inputs\": [{\"nodeName\": \"rtspSource\"}]},"
                + "{\"@type\": \"#Microsoft.Media.MediaGraphHttpExtension\", \"name\": \"classifier\", \"endpoint\": "
                + "{\"@type\": \"#Microsoft.Media.MediaGraphUnsecuredEndpoint\", \"url\": \"http://127.0.0.1:1/score\"},"
                + classifierImage + classifierSampling + "\"inputs\": [{\"nodeName\": \"detector\"}]}],"
                + "\"sinks\": [{\"@type\": \"#Microsoft.Media.MediaGraphIoTHubMessageSink\", \"name\": \"hubSink\", "
                + "\"hubOutputName\": \"inferences\", \"inputs\": [{\"nodeName\": \"classifier\"}]}]}}";
        return new ResolvedGraph("Chain", "cam", GraphJson.readTopology(json).nodes());
    }

    private static NodeDirectory directory() {
        return new NodeDirectory(null, new HttpExtensionRunner.Settings(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1)), new GrpcExtensionRunner.Settings(Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1 << 20, Path.of("/dev/shm")), n -> { });
    }

    private static final String SAME = "\"image\": {\"scale\": {\"mode\": \"pad\", \"width\": \"416\", \"height\": \"416\"}},";
    private static final String OTHER = "\"image\": {\"scale\": {\"mode\": \"pad\", \"width\": \"224\", \"height\": \"224\"}},";

    @Test
    void anExtensionAskingAnotherImageThanItsUpstreamCannotRunAndSaysWhy() {
        try (NodeDirectory nodes = directory()) {
            nodes.update(List.of(chain(OTHER, "")));
            NodeRunner classifier = nodes.apply(new StreamKey("cam", "classifier"));
            assertThat(classifier).isInstanceOfSatisfying(NodeRunner.Unavailable.class, u -> assertThat(u.detail())
                    .contains("'classifier'").contains("'detector'").contains("image scale and format"));
            assertThat(nodes.apply(new StreamKey("cam", "detector"))).isNotInstanceOf(NodeRunner.Unavailable.class);
            // the same graph with matching settings runs (the refusal does not stick to the node)
            nodes.update(List.of(chain(SAME, "")));
            assertThat(nodes.apply(new StreamKey("cam", "classifier"))).isNotInstanceOf(NodeRunner.Unavailable.class);
        }
    }

    @Test
    void aChainedExtensionGetsAtMostItsOwnSamplesPerSecond() {
        try (NodeDirectory nodes = directory()) {
            nodes.update(List.of(chain(SAME, "\"samplingOptions\": {\"maximumSamplesPerSecond\": \"2\"},")));
            List<Long> classified = new ArrayList<>();
            NodeRunner detector = f -> Optional.of(Inferences.body(f.mediaTimeUs(), Inferences.entities(List.of(
                    new Inferences.Entity("person", 0.9, new Inferences.Box(0.1, 0.1, 0.2, 0.2))))));
            NodeRunner classifier = f -> {
                classified.add(f.mediaTimeUs());
                return Optional.empty();
            };
            Map<StreamKey, NodeRunner> runners = Map.of(new StreamKey("cam", "detector"), detector,
                    new StreamKey("cam", "classifier"), classifier);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            List<GraphEvent> events = new ArrayList<>();
            DropReports drops = new DropReports(new InferenceMetrics(registry), events::add, Duration.ofSeconds(10),
                    Duration.ofSeconds(10), Clock.systemUTC(), (m, e) -> { });
            FrameProcessor processor = new FrameProcessor(runners::get, nodes::downstream, events::add,
                    new InferenceMetrics(registry), Duration.ofSeconds(30), Clock.systemUTC(), drops);
            for (int i = 0; i < 60; i++) { // 2 s of a 30 fps camera, every frame detected
                long t = 10_000_000 + i * 1_000_000L / 30;
                processor.process(new MediaFrame(new StreamKey("cam", "detector"), "rtspSource", t, 0, "image/jpeg", null,
                        416, 416, 416, 416, "pad", null, new byte[] {1}));
            }
            assertThat(classified).as("2 per second of media time over 2 s").hasSize(4);
            assertThat(classified.get(1) - classified.get(0)).isGreaterThanOrEqualTo(500_000);
        }
    }
}
