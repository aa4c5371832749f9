package io.openlva.inference.tracking;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.inference.GraphFixtures;
import io.openlva.inference.TestFrames;
import io.openlva.inference.TestModel;
import io.openlva.inference.frames.DropReports;
import io.openlva.inference.frames.FrameProcessor;
import io.openlva.inference.frames.InferenceMetrics;
import io.openlva.inference.frames.NodeDirectory;
import io.openlva.inference.grpc.GrpcExtensionRunner;
import io.openlva.inference.http.HttpExtensionRunner;
import io.openlva.inference.onnx.ModelCache;

/**
 * Consecutive frames of the pedestrian clip through the service's own frame processing, as the sampler sends them
 * for the people-line-crossing topology: the built-in detector's 2 samples a second as JPEG images, every frame in
 * between time-only; the detector forwards to the object tracker, the tracker to the line crossing. Collects the
 * events the processor publishes.
 */
final class TrackedClip {

    static final String INSTANCE = "walkway";
    /** The clip runs at 10 fps: every 5th frame is a detector sample (maximumSamplesPerSecond 2). */
    static final int SAMPLE_EVERY = 5;

    /** An event's node and body. */
    record Published(String node, long mediaTimeUs, JsonNode body) {
    }

    private TrackedClip() {
    }

    static List<Published> run(ModelCache models, int firstFrame, int frames, Map<String, String> parameters) {
        Topology topology = GraphJson.readTopology(GraphFixtures.resource("/topologies/people-line-crossing.json"));
        StringBuilder params = new StringBuilder("{\"name\":\"modelPath\",\"value\":\"" + TestModel.path() + "\"}");
        parameters.forEach((k, v) -> params.append(",").append("{\"name\":\"").append(k)
                .append("\",\"value\":\"").append(v).append("\"}"));
        Instance instance = GraphJson.readInstance("{\"@apiVersion\":\"1.1\",\"name\":\"" + INSTANCE + "\",\"properties\":"
                + "{\"topologyName\":\"" + topology.name() + "\",\"parameters\":[" + params + "]}}");
        InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
        List<Published> out = new ArrayList<>();
        List<GraphEvent> dropped = new ArrayList<>();
        try (NodeDirectory nodes = new NodeDirectory(models, new HttpExtensionRunner.Settings(Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new GrpcExtensionRunner.Settings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5), 2,
                        32 << 20, Path.of("/dev/shm")), metrics::modelNanos)) {
            nodes.update(List.of(GraphResolver.resolve(topology, instance)));
            DropReports drops = new DropReports(metrics, dropped::add, Duration.ofSeconds(10), Duration.ofMinutes(1),
                    Clock.systemUTC(), (line, failure) -> dropped.add(null));
            FrameProcessor processor = new FrameProcessor(nodes, nodes::downstream, e -> out.add(new Published(e.node(),
                    e.mediaTimeUs(), e.body())), metrics, Duration.ofSeconds(30), Clock.systemUTC(), drops);
            StreamKey detector = new StreamKey(INSTANCE, "detector");
            List<Path> jpegs = TestFrames.run(firstFrame, frames);
            for (int i = 0; i < frames; i++) {
                int n = firstFrame + i;
                long mediaTimeUs = n * 100_000L;
                MediaFrame frame = n % SAMPLE_EVERY == 0
                        ? new MediaFrame(detector, "rtspSource", mediaTimeUs, 0, "image/jpeg", null, TestFrames.SOURCE_WIDTH,
                                TestFrames.SOURCE_HEIGHT, TestFrames.SOURCE_WIDTH, TestFrames.SOURCE_HEIGHT, "none", null,
                                TestFrames.read(jpegs.get(i)))
                        : MediaFrame.timeOnly(detector, "rtspSource", mediaTimeUs, 0, TestFrames.SOURCE_WIDTH,
                                TestFrames.SOURCE_HEIGHT, null);
                processor.process(frame);
            }
        }
        if (!dropped.isEmpty()) {
            throw new AssertionError("frames were dropped: " + dropped);
        }
        return out;
    }

    /** The clip's frame number at a media time. */
    static int frameAt(long mediaTimeUs) {
        return (int) (mediaTimeUs / 100_000);
    }
}
