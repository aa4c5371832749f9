package io.openlva.inference.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.Json;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.graph.model.GrpcExtension;
import io.openlva.graph.model.ImageEncoding;
import io.openlva.graph.model.ImageSpec;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeInput;
import io.openlva.graph.model.NodeKind;
import io.openlva.graph.model.ParameterDeclaration;
import io.openlva.graph.model.PixelFormat;
import io.openlva.graph.model.Topology;
import io.openlva.inference.GraphFixtures;
import io.openlva.inference.LvaSchema;
import io.openlva.inference.TestClients;
import io.openlva.inference.TestFrames;
import io.openlva.inference.TestModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every public LVA and AVA sample topology with a GrpcExtension node (from /work/shared; skipped with a message
 * where absent), activated with its gRPC endpoint pointed at this service's own extension server: each of its
 * GrpcExtension nodes produces LVA Inference events: those fed from the camera, and those fed by another extension
 * (ai-composition), which get the frames the first one annotated. Frames are sent as the sampler sends them
 * for a node that needs its stream in order (keyed by stream), in the node's image format.
 */
@QuarkusTest
@QuarkusTestResource(value = io.openlva.devkit.KafkaTestResource.class, restrictToAnnotatedClass = false)
class GrpcSamplesTest {

    private static final Path SHARED = Path.of(System.getProperty("openlva.shared", "/work/shared"));
    private static final Pattern PARAMETER = Pattern.compile("^\\$\\{(\\w+)}$");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Topics topics;

    @Inject
    ExtensionEndpoint endpoint;

    static List<Path> samples() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(SHARED.resolve("lva-samples"), SHARED.resolve("ava-samples"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    if (Files.readString(f).contains("GrpcExtension")) {
                        out.add(f);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyGrpcSampleActivatesAndItsExtensionsProduceInferenceEvents() throws Exception {
        List<Path> samples = samples();
        if (samples.isEmpty()) {
            System.out.println("GrpcSamplesTest SKIPPED: no shared LVA/AVA samples under " + SHARED);
        }
        Assumptions.assumeFalse(samples.isEmpty(), "shared LVA/AVA samples absent under " + SHARED);
        TestModel.path();
        String run = UUID.randomUUID().toString().substring(0, 6);
        // instance -> (extension node -> its frame) for every GrpcExtension fed from the camera
        Map<String, Map<String, MediaFrame>> expected = new LinkedHashMap<>();
        Set<String> composed = new TreeSet<>();
        int i = 0;
        for (Path sample : samples) {
            ObjectNode doc = (ObjectNode) Json.read(Files.readString(sample));
            String topologyName = "grpc-" + run + "-" + i;
            String instance = "grpc-" + run + "-" + i++;
            doc.put("name", topologyName);
            Topology topology = GraphJson.readTopology(doc);
            assertThat(topology.nodes()).as("%s: activation refuses kinds no service runs", sample)
                    .allMatch(n -> n.kind().runnable());
            Map<String, String> parameters = parameters(topology);
            Map<String, MediaFrame> frames = new LinkedHashMap<>();
            for (Node n : topology.nodes()) {
                if (n instanceof GrpcExtension g) {
                    Matcher m = PARAMETER.matcher(g.endpoint().url());
                    assertThat(m.matches()).as("%s: endpoint of %s is a parameter", sample, g.name()).isTrue();
                    parameters.put(m.group(1), "tcp://127.0.0.1:" + endpoint.port());
                    String source = cameraInput(g, topology);
                    if (source != null) {
                        frames.put(g.name(), frame(instance, g, source));
                    } else {
                        composed.add(instance + "/" + g.name()); // fed by another extension (AI composition)
                    }
                }
            }
            assertThat(frames).as("%s: a GrpcExtension fed from the camera", sample).isNotEmpty();
            GraphFixtures.activateTopology(bootstrap, topics, doc.toString(), instance, parameters);
            expected.put(instance, frames);
            System.out.printf("GrpcSamplesTest: %s as %s, extensions %s%n", SHARED.relativize(sample), instance, frames.keySet());
        }

        Set<String> missing = new TreeSet<>();
        expected.forEach((inst, frames) -> frames.keySet().forEach(n -> missing.add(inst + "/" + n)));
        missing.addAll(composed);
        LvaSchema schema = LvaSchema.projectCopy();
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap);
                KafkaConsumer<String, byte[]> events = TestClients.events(bootstrap, topics, true)) {
            long mediaTime = 1_000_000;
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            int round = 0;
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                long now = System.currentTimeMillis();
                // Frames only for what is still missing, the batch's first instance rotating: one model lane runs
                // them in turn under a 2 s latency budget, so on a loaded machine a batch's tail would always be too old.
                List<String> instances = new ArrayList<>(expected.keySet());
                java.util.Collections.rotate(instances, -(round++ % instances.size()));
                for (String inst : instances) {
                    boolean composedMissing = missing.stream().anyMatch(m -> composed.contains(m) && m.startsWith(inst + "/"));
                    for (MediaFrame f : expected.get(inst).values()) {
                        if (!composedMissing && !missing.contains(inst + "/" + f.key().node())) {
                            continue;
                        }
                        MediaFrame timed = new MediaFrame(f.key(), f.sourceNode(), mediaTime, now, f.contentType(),
                                f.pixelFormat(), f.width(), f.height(), f.sourceWidth(), f.sourceHeight(), f.scaleMode(), null,
                                f.data());
                        producer.send(timed.toRecord(topics.frames(), false));
                    }
                }
                producer.flush();
                mediaTime += 200_000;
                events.poll(Duration.ofSeconds(2)).forEach(r -> {
                    GraphEvent e = GraphEvent.fromRecord(r);
                    if (e.eventType().equals(EventTypes.INFERENCE) && missing.contains(e.instance() + "/" + e.node())) {
                        assertThat(e.body().get("inferences").findValues("value").stream().map(v -> v.asText()))
                                .contains("person");
                        assertThat(schema.errors(e.body())).isEmpty();
                        missing.remove(e.instance() + "/" + e.node());
                    }
                });
            }
        }
        assertThat(missing).as("GrpcExtension nodes without an Inference event").isEmpty();
    }

    /** A value for each parameter without a default (the endpoints are set by the caller). */
    private static Map<String, String> parameters(Topology t) {
        Map<String, String> out = new HashMap<>();
        for (ParameterDeclaration d : t.parameters()) {
            if (!d.hasDefault()) {
                out.put(d.name(), switch (d.type()) {
                    case INT -> "1";
                    case DOUBLE -> "1.0";
                    case BOOL -> "false";
                    default -> d.name().toLowerCase().contains("url") ? "rtsp://127.0.0.1:1/none" : "value";
                });
            }
        }
        return out;
    }

    /** The RtspSource whose video reaches the node without passing another extension, or null. */
    private static String cameraInput(Node node, Topology t) {
        for (NodeInput in : node.inputs()) {
            Node from = t.node(in.nodeName()).orElseThrow();
            if (from.kind() == NodeKind.RTSP_SOURCE) {
                return from.name();
            }
            if (from.kind().owner().map(o -> o.name().equals("SAMPLER")).orElse(false)) {
                String s = cameraInput(from, t);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    /** A real frame as the sampler prepares it for the node: raw (rgb24 or bgr24) or JPEG. */
    private static MediaFrame frame(String instance, GrpcExtension node, String source) {
        ImageSpec image = node.image() == null ? ImageSpec.DEFAULT : node.image();
        if (image.format() != null && image.format().encoding() == ImageEncoding.RAW) {
            byte[] rgb = TestFrames.read(TestFrames.paddedRgb24().get(0));
            PixelFormat pf = image.format().pixelFormat() == PixelFormat.BGR24 ? PixelFormat.BGR24 : PixelFormat.RGB24;
            if (pf == PixelFormat.BGR24) {
                for (int p = 0; p < rgb.length; p += 3) {
                    byte r = rgb[p];
                    rgb[p] = rgb[p + 2];
                    rgb[p + 2] = r;
                }
            }
            return new MediaFrame(new StreamKey(instance, node.name()), source, 0, 0, "image/x-raw", pf.lvaName(), 640, 640,
                    TestFrames.SOURCE_WIDTH, TestFrames.SOURCE_HEIGHT, "pad", null, rgb);
        }
        return new MediaFrame(new StreamKey(instance, node.name()), source, 0, 0, "image/jpeg", null, TestFrames.SOURCE_WIDTH,
                TestFrames.SOURCE_HEIGHT, TestFrames.SOURCE_WIDTH, TestFrames.SOURCE_HEIGHT, "none", null,
                TestFrames.read(TestFrames.jpegs().get(0)));
    }
}
