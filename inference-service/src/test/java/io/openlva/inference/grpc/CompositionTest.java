package io.openlva.inference.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.openlva.graph.contract.EventTypes;
import io.openlva.graph.contract.GraphEvent;
import io.openlva.graph.contract.MediaFrame;
import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.contract.Topics;
import io.openlva.inference.GraphFixtures;
import io.openlva.inference.LvaSchema;
import io.openlva.inference.TestClients;
import io.openlva.inference.TestFrames;
import io.openlva.inference.TestModel;
import io.openlva.inference.grpc.protocol.Classification;
import io.openlva.inference.grpc.protocol.Inference;
import io.openlva.inference.grpc.protocol.Tag;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * AI composition: a detector (the service's built-in model, as a gRPC extension or over HTTP /score) feeding a
 * classifier (small test servers, gRPC and HTTP), in all four combinations. The classifier gets only the frames
 * the detector annotated (skipSamplesWithoutAnnotation), a gRPC classifier with the detector's inferences in the
 * sample; its events are those frames'.
 */
@QuarkusTest
@QuarkusTestResource(value = io.openlva.devkit.KafkaTestResource.class, restrictToAnnotatedClass = false)
class CompositionTest {

    /** Media time (µs) within each second says what a frame shows (whole 90 kHz ticks, so exact over gRPC too). */
    private static final long PERSON = 0, EMPTY = 500_000;
    private static ExtensionServer grpcClassifier;
    private static HttpServer httpClassifier;
    /** Per classifier (grpc/http): media times received, and for gRPC the upstream tags received with them. */
    private static final Map<Long, List<String>> grpcReceived = new ConcurrentHashMap<>();
    private static final Set<Long> httpReceived = ConcurrentHashMap.newKeySet();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Topics topics;

    @Inject
    ExtensionEndpoint endpoint;

    @BeforeAll
    static void classifiers() throws IOException {
        TestModel.path();
        grpcClassifier = ExtensionServer.start("127.0.0.1", 0, new ExtensionService((frame, config) -> {
            List<String> tags = new CopyOnWriteArrayList<>();
            if (frame.inferencesJson() != null) {
                io.openlva.graph.contract.Json.read(frame.inferencesJson()).findValues("value").forEach(v -> tags.add(v.asText()));
            }
            grpcReceived.put(frame.mediaTimeUs(), tags);
            return List.of(Inference.newBuilder().setType(Inference.InferenceType.CLASSIFICATION)
                    .setClassification(Classification.newBuilder().setTag(Tag.newBuilder().setValue("adult").setConfidence(0.9f)))
                    .build());
        }, Path.of("/dev/shm")), 32 << 20);
        httpClassifier = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        httpClassifier.createContext("/classify", ex -> {
            ex.getRequestBody().readAllBytes();
            httpReceived.add(1L); // the HTTP protocol carries no timestamp: counted
            byte[] b = "{\"inferences\":[{\"type\":\"classification\",\"classification\":{\"tag\":{\"value\":\"adult\",\"confidence\":0.9}}}]}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        httpClassifier.start();
    }

    @AfterAll
    static void stop() {
        grpcClassifier.close();
        httpClassifier.stop(0);
    }

    private static String extension(String name, String input, String kind, String url) {
        String type = kind.equals("grpc") ? "#Microsoft.Media.MediaGraphGrpcExtension" : "#Microsoft.Media.MediaGraphHttpExtension";
        String transfer = kind.equals("grpc") ? ", \"dataTransfer\": {\"mode\": \"sharedMemory\", \"SharedMemorySizeMiB\": \"16\"}" : "";
        return "{\"@type\": \"" + type + "\", \"name\": \"" + name + "\", \"endpoint\": {\"@type\": "
                + "\"#Microsoft.Media.MediaGraphUnsecuredEndpoint\", \"url\": \"" + url + "\"}" + transfer
                + ", \"samplingOptions\": {\"skipSamplesWithoutAnnotation\": \"true\"}"
                + ", \"inputs\": [{\"nodeName\": \"" + input + "\"}]}";
    }

    private String topology(String name, String detector, String classifier) {
        String detectorUrl = detector.equals("grpc") ? "tcp://127.0.0.1:" + endpoint.port()
                : "http://127.0.0.1:" + RestAssured.port + "/score";
        String classifierUrl = classifier.equals("grpc") ? "tcp://127.0.0.1:" + grpcClassifier.port()
                : "http://127.0.0.1:" + httpClassifier.getAddress().getPort() + "/classify";
        return "{\"@apiVersion\": \"2.0\", \"name\": \"" + name + "\", \"properties\": {"
                + "\"parameters\": [{\"name\": \"rtspUrl\", \"type\": \"String\", \"default\": \"rtsp://127.0.0.1:1/cam\"}],"
                + "\"sources\": [{\"@type\": \"#Microsoft.Media.MediaGraphRtspSource\", \"name\": \"rtspSource\", \"endpoint\": "
                + "{\"@type\": \"#Microsoft.Media.MediaGraphUnsecuredEndpoint\", \"url\": \"${rtspUrl}\"}}],"
                + "\"processors\": [" + extension("detector", "rtspSource", detector, detectorUrl) + ", "
                + extension("classifier", "detector", classifier, classifierUrl) + "],"
                + "\"sinks\": [{\"@type\": \"#Microsoft.Media.MediaGraphIoTHubMessageSink\", \"name\": \"hubSink\", "
                + "\"hubOutputName\": \"inferences\", \"inputs\": [{\"nodeName\": \"classifier\"}]}]}}";
    }

    private static byte[] emptyJpeg() throws IOException {
        BufferedImage img = new BufferedImage(TestFrames.SOURCE_WIDTH, TestFrames.SOURCE_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(110, 110, 110));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    @Test
    void aClassifierFedByADetectorGetsOnlyTheAnnotatedFramesWithTheDetectorsInferences() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String[]> combos = List.of(new String[] {"grpc", "grpc"}, new String[] {"http", "http"},
                new String[] {"http", "grpc"}, new String[] {"grpc", "http"});
        List<String> instances = new CopyOnWriteArrayList<>();
        for (String[] c : combos) {
            String instance = "compose-" + c[0] + "-" + c[1] + "-" + run;
            GraphFixtures.activateTopology(bootstrap, topics, topology("Compose-" + c[0] + "-" + c[1] + "-" + run, c[0], c[1]),
                    instance, Map.of());
            instances.add(instance);
        }
        byte[] person = TestFrames.read(TestFrames.jpegs().get(0));
        byte[] empty = emptyJpeg();
        List<GraphEvent> events = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, byte[]> producer = TestClients.producer(bootstrap);
                KafkaConsumer<String, byte[]> consumer = TestClients.events(bootstrap, topics, true)) {
            long base = 10_000_000;
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (System.nanoTime() < deadline && !instances.stream().allMatch(i -> Set.of("detector", "classifier").stream()
                    .allMatch(n -> events.stream().anyMatch(e -> e.instance().equals(i) && e.node().equals(n))))) {
                long now = System.currentTimeMillis();
                for (String instance : instances) {
                    for (long kind : new long[] {PERSON, EMPTY}) {
                        producer.send(new MediaFrame(new StreamKey(instance, "detector"), "rtspSource", base + kind, now,
                                "image/jpeg", null, TestFrames.SOURCE_WIDTH, TestFrames.SOURCE_HEIGHT, TestFrames.SOURCE_WIDTH,
                                TestFrames.SOURCE_HEIGHT, "none", null, kind == PERSON ? person : empty)
                                .toRecord(topics.frames(), false));
                    }
                }
                producer.flush();
                base += 1_000_000;
                consumer.poll(Duration.ofSeconds(2)).forEach(r -> {
                    GraphEvent e = GraphEvent.fromRecord(r);
                    if (instances.contains(e.instance())) {
                        events.add(e);
                    }
                });
            }
        }
        LvaSchema schema = LvaSchema.projectCopy();
        for (String instance : instances) {
            List<GraphEvent> classified = events.stream()
                    .filter(e -> e.instance().equals(instance) && e.node().equals("classifier")).toList();
            assertThat(classified).as("classifier events of %s", instance).isNotEmpty();
            assertThat(classified).as("%s: only frames the detector annotated", instance)
                    .allMatch(e -> e.eventType().equals(EventTypes.INFERENCE) && e.mediaTimeUs() % 1_000_000 == PERSON);
            classified.forEach(e -> assertThat(schema.errors(e.body())).isEmpty());
            assertThat(events.stream().filter(e -> e.instance().equals(instance) && e.node().equals("detector")
                    && e.eventType().equals(EventTypes.INFERENCE))).allMatch(e -> e.mediaTimeUs() % 1_000_000 == PERSON).isNotEmpty();
        }
        assertThat(grpcReceived).as("the gRPC classifier's samples").isNotEmpty();
        assertThat(grpcReceived.keySet()).allMatch(t -> t % 1_000_000 == PERSON);
        assertThat(grpcReceived.values()).as("the detector's inferences in each sample").allMatch(tags -> tags.contains("person"));
        assertThat(httpReceived).as("the HTTP classifier was called").isNotEmpty();
    }
}
